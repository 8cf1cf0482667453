// Invokes a function on the emulator with the AWS SDK for JavaScript's Lambda client and reports what it received.
//
//   node invoke-with-js-sdk.mjs <endpoint> <function-name> [payload-text] [--count-only]
//
// --count-only skips hashing, so that a throughput measurement times the SDK rather than SHA-256.
// Credentials and region come from the usual environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_REGION). Prints one JSON object: what the SDK handed out (SHA-256 and length of all PayloadChunk bytes, chunk
// count, the InvokeComplete event, and milliseconds from sending the request to the last event, which leaves Node's
// start-up out of a throughput figure) or the error it raised (name, HTTP status, message).
import { InvokeWithResponseStreamCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { createHash } from "node:crypto";

const countOnly = process.argv.includes("--count-only");
const [endpoint, functionName, payload = ""] = process.argv.slice(2).filter((a) => a !== "--count-only");
const client = new LambdaClient({ endpoint, region: process.env.AWS_REGION, maxAttempts: 1 });

try {
  const started = performance.now();
  const response = await client.send(new InvokeWithResponseStreamCommand({ FunctionName: functionName, Payload: Buffer.from(payload) }));
  const hash = createHash("sha256");
  let bytes = 0;
  let chunks = 0;
  let invokeComplete = null;
  for await (const event of response.EventStream) {
    if (event.PayloadChunk) {
      if (!countOnly) hash.update(event.PayloadChunk.Payload);
      bytes += event.PayloadChunk.Payload.length;
      chunks++;
    } else if (event.InvokeComplete) {
      invokeComplete = event.InvokeComplete;
    }
  }
  const elapsedMs = performance.now() - started;
  console.log(JSON.stringify({
    statusCode: response.StatusCode,
    executedVersion: response.ExecutedVersion,
    sha256: hash.digest("hex"),
    bytes,
    chunks,
    invokeComplete,
    elapsedMs,
  }));
} catch (error) {
  console.log(JSON.stringify({ error: { name: error.name, status: error.$metadata?.httpStatusCode, message: error.message } }));
}
