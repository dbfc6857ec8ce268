package dev.apprentice.gateway.config;

import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.math.BigInteger;

/**
 * A YAML number written otherwise than its value prints ({@code 0123}, YAML 1.1's octal 83; {@code 1.10}; {@code 0x1F};
 * {@code 1_000}): read as the number where a number is due, and kept as written where text is (a model id, a header,
 * an API key), as {@link YamlBoolean} keeps a bare word.
 */
interface WrittenNumber {

  /** The number as the file spells it. */
  String written();

  /** An integer that fits an int. */
  final class Int extends IntNode implements WrittenNumber {
    private static final long serialVersionUID = 1L;
    private final String written;

    Int(int value, String written) {
      super(value);
      this.written = written;
    }

    @Override
    public String written() {
      return written;
    }
  }

  /** An integer that fits a long. */
  final class Wide extends LongNode implements WrittenNumber {
    private static final long serialVersionUID = 1L;
    private final String written;

    Wide(long value, String written) {
      super(value);
      this.written = written;
    }

    @Override
    public String written() {
      return written;
    }
  }

  /** A larger integer. */
  final class Big extends BigIntegerNode implements WrittenNumber {
    private static final long serialVersionUID = 1L;
    private final String written;

    Big(BigInteger value, String written) {
      super(value);
      this.written = written;
    }

    @Override
    public String written() {
      return written;
    }
  }

  /** A number with a fraction or an exponent. */
  final class Decimal extends DoubleNode implements WrittenNumber {
    private static final long serialVersionUID = 1L;
    private final String written;

    Decimal(double value, String written) {
      super(value);
      this.written = written;
    }

    @Override
    public String written() {
      return written;
    }
  }
}
