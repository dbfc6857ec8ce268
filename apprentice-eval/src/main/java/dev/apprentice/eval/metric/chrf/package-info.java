/** sacreBLEU's chrF (Popović, 2015) and chrF++ (Popović, 2017): character and word n-gram F-scores. */
package dev.apprentice.eval.metric.chrf;
