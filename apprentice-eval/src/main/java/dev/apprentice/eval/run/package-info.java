/** Running a suite: the runner, its results store, the cost estimate and the budget cap. */
package dev.apprentice.eval.run;
