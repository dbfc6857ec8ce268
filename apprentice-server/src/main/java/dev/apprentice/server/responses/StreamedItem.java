package dev.apprentice.server.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An output item being streamed by {@link ResponseStream}: a message (its text or its refusal), a function call (its
 * arguments) or reasoning (its thinking text, and the thinking blocks that came whole).
 */
final class StreamedItem {

  enum Kind { TEXT, REFUSAL, CALL, REASONING }

  final String id;
  final int outputIndex;
  final Kind kind;
  final String callId;
  final String name;
  final StringBuilder text = new StringBuilder();
  /** A reasoning item's thinking blocks, as the chat stream's {@code thinking_blocks} gave them. */
  final List<Object> blocks = new ArrayList<>();
  /** True once a reasoning item's {@code reasoning_text} part was added (its first text came). */
  boolean partAdded;
  /** The item as its {@code output_item.done} gave it, once closed. */
  ObjectNode done;

  private StreamedItem(String id, int outputIndex, Kind kind, String callId, String name) {
    this.id = id;
    this.outputIndex = outputIndex;
    this.kind = kind;
    this.callId = callId;
    this.name = name;
  }

  static StreamedItem message(int outputIndex, boolean refusal) {
    return new StreamedItem(ResponseIds.message(), outputIndex, refusal ? Kind.REFUSAL : Kind.TEXT, null, null);
  }

  static StreamedItem call(int outputIndex, String callId, String name) {
    return new StreamedItem(ResponseIds.functionCall(), outputIndex, Kind.CALL, callId, name);
  }

  static StreamedItem reasoning(int outputIndex) {
    return new StreamedItem(ResponseIds.reasoning(), outputIndex, Kind.REASONING, null, null);
  }

  /** The item's content part holding {@code content}: output text, a refusal or reasoning text. */
  ObjectNode part(String content) {
    return switch (kind) {
      case REFUSAL -> ResponseOutput.refusalPart(content);
      case REASONING -> ResponseReasoning.part(content);
      default -> ResponseOutput.textPart(content);
    };
  }

  /**
   * The item as it stands: a message with no content while in progress, else with its one part; reasoning with no
   * content while in progress, else with its text and, with {@code encrypted}, its encrypted_content.
   */
  ObjectNode snapshot(String status, boolean encrypted) {
    boolean inProgress = status.equals("in_progress");
    return switch (kind) {
      case CALL -> ResponseOutput.functionCall(id, status, callId, name, text.toString());
      case REASONING -> (inProgress ? ResponseReasoning.NONE : new ResponseReasoning(text.toString(), blocks))
          .item(id, status, encrypted && !inProgress);
      default -> ResponseOutput.message(id, status, inProgress ? null : part(text.toString()));
    };
  }
}
