package dev.apprentice.guard.injection;

import dev.apprentice.guard.LowerCase;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strong lexical signs of an injection, each a phrase pattern rather than a trigger word ("ignore" alone is innocent;
 * "ignore the previous instructions" is not). Every signal is one 0/1 feature next to the embedding; the classifier
 * learns how much each one counts. Patterns read normalised, lower-cased text.
 */
final class LexicalSignals {

  /**
   * One named signal: its pattern over the lower-cased text, and what a match must also be, read in the text as
   * written (the same offsets: lower-casing keeps them).
   */
  record Signal(String name, Pattern pattern, Predicate<String> confirmed) {}

  private static final String GAP = "[^.!?\\n]{0,40}?";

  static final List<Signal> SIGNALS = List.of(
      signal("override", "\\b(ignore|disregard|forget|skip|bypass|override|discard|abandon|neglect)\\b" + GAP
          + "\\b(previous|prior|preceding|above|earlier|original|initial|all|any|your|system|existing|old|those|these)\\b"
          + GAP + "\\b(instructions?|rules|directions|directives|guidelines|prompts?|context|constraints|programming"
          + "|polic(y|ies)|restrictions|commands|orders|guardrails)\\b"),
      signal("override_foreign", "(ignor(a|e|ez|ar|iere|ieren|ate)|olvida|oublie|vergiss)\\b" + GAP
          + "(instruc|anweisung|regeln|r[eè]gles|reglas|istruzion)|忽略|无视|無視|игнорируй|забудь"),
      signal("new_instructions", "\\b(new|updated|real|actual|true|revised|secret|hidden)\\s+(task|instructions?"
          + "|objective|orders|directive|system prompt)\\b|\\bfrom now on\\b|\\bhenceforth\\b"),
      signal("prompt_extraction", "\\b(reveal|show|print|repeat|output|display|leak|disclose|dump|recite|tell me|give me"
          + "|share|what (is|are|was|were))\\b" + GAP + "\\b(system prompt|initial prompt|original prompt|hidden (prompt"
          + "|instructions|rules)|(your|the assistant's) (system |initial |original |hidden |secret )?(instructions|prompt"
          + "|rules|guidelines|directives|configuration)|(text|everything|words) above)"),
      signal("unrestricted_persona", "\\b(you are|you're|act as|acting as|pretend|role ?play|from now on|stay in character"
          + "|become|persona|simulate)\\b[^.!?\\n]{0,80}?\\b(no|without|free (of|from)|zero|never)\\b[^.!?\\n]{0,25}?"
          + "\\b(restrictions|filters?|limits|limitations|rules|ethics|ethical|morals?|censorship|guidelines|boundaries"
          + "|safeguards|refus\\w*)"),
      signal("jailbreak_name", "\\bdo anything now\\b|\\b(dan|aim|stan|dude) mode\\b|\\b(developer|debug|maintenance|god"
          + "|admin|sudo|root|unrestricted|jailbreak|jailbroken|unfiltered|evil) mode\\b"),
      signal("authority", "\\b(safety|content|moderation|ethical)\\s+(filters?|polic(y|ies)|guidelines|checks|protocols"
          + "|restrictions)\\b" + GAP + "\\b(disabled|off|removed|lifted|suspended|deactivated|bypassed|no longer)\\b"
          + "|\\bi am (your|an?|the) (developer|administrator|admin|creator|owner|operator)\\b|\\bauthori[sz]ed? (by|to)"
          + "\\b" + GAP + "\\b(openai|anthropic|developers?|administrators?)\\b"),
      // spaces and tabs only after the line break: "\\s*" there would read every later line break of a blank run
      // again from each one (64 KB of them in a code fence took minutes)
      signal("delimiter", "(^|\\n)[ \\t]*+(#{2,}\\s*(system|instruction|new|admin)|\\[/?(inst|system|sys)\\]|<\\|?(im_start"
          + "|im_end|system|endoftext)\\|?>|</?(system|user|assistant|instructions?|sys)>|(system|assistant|admin)\\s*:)"
          + "|\\bend of (the )?(document|text|email|context|input|conversation|data)\\b"),
      signal("output_reference", "\\b(your|the)\\s+(response|reply|answer|output|responses|replies|answers|next message)"
          + "\\b|\\b(reply|respond|answer)\\s+(only\\s+)?(in|with|using)\\b"),
      signal("output_transform", "\\b(base ?64|base ?32|base ?16|base ?58|hex(adecimal)?|rot-?13|caesar|cipher"
          + "|backwards?|revers\\w*|emojis?|leet ?speak|morse|pig latin|upside down)\\b"),
      signal("insertion", "\\b(add|include|insert|append|integrate|incorporate|embed|mention|promote|inject|put|place"
          + "|prepend|weave|slip|end|begin|start|modify|augment|enhance|alter)\\b" + GAP + "\\b(in|into|to|within|at the"
          + " (end|start|beginning) of|of)?\\s*(your|the)\\s+(response|reply|answer|output|code|implementation|solution"
          + "|program|script|message|summary|algorithm|codebase)"),
      signal("addressed_to_ai", "\\b(dear |hey |attention,? |note to (the )?|if you are an? |to the |instructions for "
          + "(the )?)(ai|assistant|language model|llm|chatbot|gpt|agent|bot|model)\\b|\\b(ai|assistant|language model"
          + "|llm|chatbot|agent)s? (reading|processing|summari[sz]ing|parsing) this\\b"),
      signal("task_hijack", "\\b(instead of|rather than)\\b" + GAP + "\\b(summari[sz]\\w*|translat\\w*|answer\\w*"
          + "|respond\\w*|doing|following|analy[sz]\\w*)|\\bstop (what you are doing|summari[sz]ing|translating"
          + "|answering)\\b|\\bdo not (summari[sz]e|translate|answer the (question|user))"),
      signal("exfiltration", "!\\[[^\\]]*\\]\\(https?://[^)]*[?&=]|\\b(send|forward|post|upload|transmit|exfiltrate"
          + "|email|leak)\\b" + GAP + "\\b(to|at)\\s+(https?://|www\\.|[\\w.-]+@[\\w-]+\\.)"),
      // no signal for a URL on its own: people paste links to articles, docs and endpoints all day; a link counts only
      // with something sent to it ("exfiltration" above)
      signal("risky_code", "subprocess|os\\.system|\\bsocket\\b|requests\\.(post|get)|pyperclip|clipboard|keylog"
          + "|screenshot|/etc/(passwd|shadow)|\\.ssh|id_rsa|crontab|rm -rf|nc -e|bash -i|invoke-webrequest|base64 -d"
          + "|\\beval\\(|\\bexec\\(|getpass|os\\.environ|private[_ ]key"),
      signal("code_snippet", "```|\\b(code (snippet|block|excerpt|section|segment)|following (code|snippet|script"
          + "|function))\\b"),
      // a long run of base64 or hex counts only when it decodes to words: pasted keys, hashes, JWTs and digests are
      // everyday developer traffic, an encoded sentence is a way to smuggle an instruction past the reader
      new Signal("encoded_blob", Pattern.compile("[a-z0-9+/_-]{40,}+={0,2}"), EncodedText::isMessage),
      signal("spaced_letters", "\\b(i\\s+g\\s+n\\s+o\\s+r\\s+e|d\\s+i\\s+s\\s+r\\s+e\\s+g\\s+a\\s+r\\s+d|j\\s+a\\s+i"
          + "\\s+l\\s+b\\s+r\\s+e\\s+a\\s+k)\\b|\\b(1gn0r3|ign0re|1gnore|j41lbr34k|pr0mpt)\\b"),
      signal("harmful_wrapper", "\\b(hypothetically|in a fictional world|for a (novel|story|screenplay)|purely for"
          + " research|educational purposes only|my (grand)?(ma|mother) used to)\\b[^\\n]{0,120}?\\b(how to|step[- ]by[- ]step"
          + "|instructions|recipe)\\b|\\bwithout (any )?(warnings?|disclaimers?|refus\\w+|caveats)\\b"));

  private LexicalSignals() {}

  /** The signals' feature names, in feature order. */
  static List<String> names() {
    return SIGNALS.stream().map(s -> "lex." + s.name()).toList();
  }

  /** 1 for each signal found in {@code text}, 0 otherwise, in {@link #SIGNALS} order. */
  static double[] of(String text) {
    String lower = LowerCase.of(text);
    double[] values = new double[SIGNALS.size()];
    for (int i = 0; i < values.length; i++) values[i] = found(SIGNALS.get(i), text, lower) ? 1 : 0;
    return values;
  }

  private static boolean found(Signal signal, String text, String lower) {
    Matcher m = signal.pattern().matcher(lower);
    while (m.find()) {
      if (signal.confirmed().test(text.substring(m.start(), m.end()))) return true;
    }
    return false;
  }

  private static Signal signal(String name, String regex) {
    return new Signal(name, Pattern.compile(regex), match -> true);
  }
}
