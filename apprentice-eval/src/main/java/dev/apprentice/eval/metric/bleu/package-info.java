/** sacreBLEU's BLEU (Papineni et al., 2002): its tokenizers, smoothing methods and corpus statistics. */
package dev.apprentice.eval.metric.bleu;
