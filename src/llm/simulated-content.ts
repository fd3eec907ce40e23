/**
 * The response header by which Courseforge's simulator says its answers are simulated, so that a
 * course written through an ordinary OpenAI-compatible provider pointed at it is marked simulated.
 */
export const simulatedContentHeader = "x-courseforge-simulated";
