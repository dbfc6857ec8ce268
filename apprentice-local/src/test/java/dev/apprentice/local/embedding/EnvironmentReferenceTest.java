package dev.apprentice.local.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import org.junit.jupiter.api.Test;

class EnvironmentReferenceTest {

  @Test
  void theOnnxRuntimeThisBuildShipsLetsItsEnvironmentBeHeldAndHoldingAgainChangesNothing() {
    SharedModel.embedder(); // loads ONNX Runtime from the test's native folder, holding the environment

    assertThat(EnvironmentReference.hold(OrtEnvironment.getEnvironment())).isTrue();
    assertThat(EnvironmentReference.hold(OrtEnvironment.getEnvironment())).isTrue();
    assertThat(SharedModel.embedder().embed("still runs").vector()).hasSize(384);
  }
}
