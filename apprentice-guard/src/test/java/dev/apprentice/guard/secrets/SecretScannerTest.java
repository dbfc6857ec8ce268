package dev.apprentice.guard.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.guard.Finding;
import dev.apprentice.guard.ScanResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretScannerTest {

  private final SecretScanner scanner = new SecretScanner();

  private List<String> found(String text) {
    return scanner.scan(text).findings().stream().map(f -> f.subtype() + ":" + f.text()).toList();
  }

  @Test
  void apiKeysOfOpenAiAndAnthropicAreFoundWithTheirKind() {
    String openAi = FakeTokens.openAi();
    String legacy = FakeTokens.openAiLegacy();
    String anthropic = FakeTokens.anthropic();
    assertThat(found("OPENAI_API_KEY=" + openAi + "\nold: " + legacy + "\nclaude " + anthropic))
        .containsExactly("openai_api_key:" + openAi, "openai_api_key:" + legacy, "anthropic_api_key:" + anthropic);
  }

  @Test
  void placeholdersThatLookLikeKeysAreNotSecrets() {
    assertThat(found("set sk-your-key-goes-here-please and password = changeme123")).isEmpty();
  }

  @Test
  void awsKeyIdsAreFoundAloneAndSecretKeysOnlyNearAwsWords() {
    String id = FakeTokens.awsKeyId();
    String secret = FakeTokens.awsSecret();
    assertThat(found("aws_access_key_id = " + id + "\naws_secret_access_key = " + secret))
        .containsExactly("aws_access_key_id:" + id, "aws_secret_access_key:" + secret);
    assertThat(found("checksum " + secret + " of the file")).isEmpty();
  }

  @Test
  void githubAndSlackTokensAreFound() {
    String classic = FakeTokens.github();
    String fineGrained = FakeTokens.githubFineGrained();
    String slack = FakeTokens.slack();
    assertThat(found(classic + " " + fineGrained + " " + slack))
        .containsExactly("github_token:" + classic, "github_token:" + fineGrained, "slack_token:" + slack);
  }

  @Test
  void aJwtCountsOnlyWhenItsHeaderIsJsonWithAnAlg() {
    String jwt = FakeTokens.jwt("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    assertThat(found("Authorization: Bearer " + jwt)).containsExactly("jwt:" + jwt);
    assertThat(found("token " + FakeTokens.jwt("{\"typ\":\"JWT\"}"))).noneMatch(f -> f.startsWith("jwt:"));
    assertThat(found("eyJub3QganNvbg.eyJhYmMiOjF9.abc")).isEmpty();
  }

  @Test
  void privateKeyBlocksAreFoundWholeEvenWhenCutShort() {
    String whole = FakeTokens.privateKey(true);
    String cut = FakeTokens.privateKey(false).strip();
    assertThat(found("key:\n" + whole + "\nthanks")).containsExactly("private_key:" + whole);
    assertThat(found("key:\n" + cut + "\n")).containsExactly("private_key:" + cut);
  }

  @Test
  void aHighEntropyValueAssignedToASecretNameIsAGenericSecret() {
    assertThat(found("db password: Zr8#qL2!vX9m")).containsExactly("generic_secret:Zr8#qL2!vX9m");
    assertThat(found("password: aaaaaaaaaa")).isEmpty();
  }

  @Test
  void aKeyInsideAGenericSecretThatScoresBelowTheThresholdIsStillFound() {
    String key = FakeTokens.openAiLegacy();
    SecretScanner strict = new SecretScanner(0.8);

    assertThat(strict.scan("api_key=" + key + ".v2").findings()).filteredOn(f -> f.score() >= 0.8)
        .extracting(f -> f.subtype() + ":" + f.text()).containsExactly("openai_api_key:" + key);
  }

  @Test
  void zeroWidthCharactersInsideATokenDoNotHideIt() {
    String token = FakeTokens.github();
    String hidden = token.substring(0, 10) + "\u200B" + token.substring(10);
    ScanResult result = scanner.scan("token " + hidden);
    Finding finding = result.findings().getFirst();
    assertThat(finding.type()).isEqualTo("SECRET");
    assertThat(finding.text()).isEqualTo(hidden);
    assertThat(result.risk()).isGreaterThanOrEqualTo(scanner.threshold());
  }

  @Test
  void ordinaryProseHasNoSecrets() {
    assertThat(scanner.scan("The task-runner keeps the secret sauce of the kitchen: patience.").findings()).isEmpty();
  }

  @Test
  void entropyIsLowForRepetitionAndHighForRandomStrings() {
    assertThat(Entropy.bitsPerChar("aaaaaaaa")).isZero();
    assertThat(Entropy.bitsPerChar("abcdefgh")).isEqualTo(3.0);
    assertThat(Entropy.bitsPerChar(FakeTokens.awsSecret())).isGreaterThan(4.5);
  }

  @Test
  void aVariationSelectorInsideAnAwsKeyIdDoesNotHideIt() {
    String id = FakeTokens.awsKeyId();
    String disguised = id.substring(0, 4) + "\uFE0F" + id.substring(4);
    assertThat(found("key " + disguised + " please")).containsExactly("aws_access_key_id:" + disguised);
  }

  @Test
  void aCyrillicLookalikeInsideAnAwsKeyIdDoesNotHideIt() {
    String id = FakeTokens.awsKeyId();
    String disguised = "\u0410" + id.substring(1);
    assertThat(found("key " + disguised + " please")).containsExactly("aws_access_key_id:" + disguised);
  }

  @Test
  void aTagCharacterSlippedInsideATokenDoesNotHideItAndATokenSpeltInTagsIsFound() {
    String id = FakeTokens.awsKeyId();
    String slipped = id.substring(0, 4) + dev.apprentice.guard.Chats.inTags("-") + id.substring(4);
    String spelt = dev.apprentice.guard.Chats.inTags(id);
    assertThat(found("key " + slipped + " please")).containsExactly("aws_access_key_id:" + slipped);
    assertThat(found("key " + spelt + " please")).containsExactly("aws_access_key_id:" + spelt);
  }
}
