/**
 * rouge-score's ROUGE-N, ROUGE-L and ROUGE-Lsum (Lin, 2004) with its tokenizer and NLTK's Porter stemmer, giving
 * precision, recall and F-measure on 0-1.
 */
package dev.apprentice.eval.metric.rouge;
