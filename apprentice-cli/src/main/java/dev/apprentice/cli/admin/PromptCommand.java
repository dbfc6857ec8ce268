package dev.apprentice.cli.admin;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.function.Consumer;

/** The frame of every {@code prompts} command: the registry of the data directory, or of a running server. */
abstract class PromptCommand extends ClientCommand<PromptsClient> {

  @Override
  PromptsClient open(PrintWriter err, Consumer<String> nothingStored) {
    return target.remote() ? new HttpPromptsClient(target.connect())
        : new DirectPromptsClient(target.store(createsData(), nothingStored), target.models(), Clock.systemUTC());
  }
}
