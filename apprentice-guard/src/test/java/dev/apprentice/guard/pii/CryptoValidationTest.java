package dev.apprentice.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CryptoValidationTest {

  @ParameterizedTest
  @ValueSource(strings = {"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"})
  void base58AddressesWithTheirDoubleSha256ChecksumPass(String address) {
    assertThat(Base58Check.validBitcoinAddress(address)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN",
      "1A1zP1eP5QGefi2DMPTfTL5SLmv7Div0Na", "11111111111111111111111111"})
  void aChangedCharacterOrBadAlphabetFailsBase58Check(String address) {
    assertThat(Base58Check.validBitcoinAddress(address)).isFalse();
  }

  @Test
  void bech32AndBech32mChecksumsOfTheBipTestVectorsAreRecognised() {
    assertThat(Bech32.checksumKind("A12UEL5L")).isEqualTo(1);
    assertThat(Bech32.checksumKind("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw")).isEqualTo(1);
    assertThat(Bech32.checksumKind("A1LQFN3A")).isEqualTo(2);
    assertThat(Bech32.checksumKind("abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx")).isEqualTo(2);
    assertThat(Bech32.checksumKind("A12UEL5M")).isZero();
    assertThat(Bech32.checksumKind("a12UEL5L")).isZero();
  }

  @Test
  void segwitAddressesNeedTheChecksumThatMatchesTheirVersion() {
    assertThat(Bech32.validBitcoinAddress("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")).isTrue();
    assertThat(Bech32.validBitcoinAddress("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4")).isTrue();
    assertThat(Bech32.validBitcoinAddress("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0")).isTrue();
    assertThat(Bech32.validBitcoinAddress("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5")).isFalse();
    assertThat(Bech32.validBitcoinAddress("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx")).isFalse();
  }
}
