/**
 * sacreBLEU's TER (Snover et al., 2006): Tercom's normalization and its shift search, with sacreBLEU's beam edit
 * distance and candidate limits, so that scores match sacreBLEU's.
 */
package dev.apprentice.eval.metric.ter;
