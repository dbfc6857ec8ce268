package dev.apprentice.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "10.0.0.1", "192.168.1.20", "255.255.255.255", "106.31.73.20"})
  void dottedQuadsWithOctetsUpTo255AreIpv4(String address) {
    assertThat(IpAddresses.validIpv4(address)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1..2.3", "a.b.c.d"})
  void outOfRangeShortLongOrZeroPaddedQuadsAreNot(String address) {
    assertThat(IpAddresses.validIpv4(address)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2001:db8:85a3::8a2e:370:7334", "2001:db8::1",
      "::1", "::", "1::", "fe80::1%eth0", "fe80::a:b%25", "::ffff:192.0.2.128", "64:ff9b::192.0.2.33",
      "1:2:3:4:5:6:1.2.3.4", "1::2:3:4:5:6:7", "6e40:4041:c617:e898:c11:40d2:c669:2eb4", "FE80::ABCD"})
  void everyTextFormOfIpv6IsAccepted(String address) {
    assertThat(IpAddresses.validIpv6(address)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "12345::1", "g::1", "::1.2.3.4:1",
      "1.2.3.4::", "::256.1.1.1", "fe80::1%", "fe80::1%a b", "10:30:45", "00:1a:2b:3c:4d:5e",
      "1:2:3:4:5:6:7::8"})
  void malformedIpv6IsRejected(String address) {
    assertThat(IpAddresses.validIpv6(address)).isFalse();
  }

  @Test
  void writtenGroupsCountsOnlyTheGroupsSpelledOut() {
    assertThat(IpAddresses.writtenGroups("::1")).isEqualTo(1);
    assertThat(IpAddresses.writtenGroups("2001:db8::8a2e:370:7334")).isEqualTo(5);
    assertThat(IpAddresses.writtenGroups("::ffff:192.0.2.128")).isEqualTo(3);
  }
}
