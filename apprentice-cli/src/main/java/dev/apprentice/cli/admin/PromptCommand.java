package dev.apprentice.cli.admin;

import java.io.PrintWriter;
import java.time.Clock;

/** The frame of every {@code prompts} command: the registry of the data directory, or of a running server. */
abstract class PromptCommand extends ClientCommand<PromptsClient> {

  @Override
  PromptsClient open(PrintWriter err) {
    return target.remote() ? new HttpPromptsClient(target.connect())
        : new DirectPromptsClient(target.store(createsData(), err), target.models(), Clock.systemUTC());
  }
}
