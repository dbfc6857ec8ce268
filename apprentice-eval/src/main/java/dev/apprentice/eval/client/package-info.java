/** How evaluation reaches models: through the gateway, so every call is traced and costed. */
package dev.apprentice.eval.client;
