// Drives the AWS SDK for JavaScript's event-stream codec (@smithy/eventstream-codec) for the .NET cross-check tests.
//
//   node eventstream-crosscheck.mjs encode <count> <seed>   random messages, encoded by the JS codec
//   node eventstream-crosscheck.mjs decode                   stdin: {"encoded": base64} per line; decoded by the JS codec
//   node eventstream-crosscheck.mjs vectors                  a fixed, named set of messages: every header type at its
//                                                            edge values, and the messages a Lambda stream is made of
//
// Every output line is one JSON object. Headers use the conformance-vector vocabulary
// (shared/conformance/eventstream/README.md) with every value as a string, so 64-bit values stay exact.
import { EventStreamCodec, Int64 } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { createInterface } from "node:readline";

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const [mode, countArg, seedArg] = process.argv.slice(2);

const toBase64 = (bytes) => Buffer.from(bytes).toString("base64");
const fromBase64 = (text) => new Uint8Array(Buffer.from(text, "base64"));
const int64ToString = (int64) => BigInt.asIntN(64, BigInt("0x" + Buffer.from(int64.bytes).toString("hex"))).toString();

function describeHeaders(headers) {
  return Object.entries(headers).map(([name, { type, value }]) => {
    switch (type) {
      case "boolean": return { name, type: value ? "bool_true" : "bool_false", value: String(value) };
      case "byte": return { name, type: "byte", value: String(value) };
      case "short": return { name, type: "int16", value: String(value) };
      case "integer": return { name, type: "int32", value: String(value) };
      case "long": return { name, type: "int64", value: int64ToString(value) };
      case "binary": return { name, type: "byte_array", value: toBase64(value) };
      case "string": return { name, type: "string", value };
      case "timestamp": return { name, type: "timestamp", value: String(value.valueOf()) };
      case "uuid": return { name, type: "uuid", value };
      default: throw new Error(`unknown header type ${type}`);
    }
  });
}

// mulberry32: a small seeded PRNG so that a failing run can be replayed from its seed.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function encodeMode(count, seed) {
  const random = prng(seed);
  const int = (min, max) => min + Math.floor(random() * (max - min + 1));
  const pick = (items) => items[int(0, items.length - 1)];
  const bytes = (length) => Uint8Array.from({ length }, () => int(0, 255));
  const alphabet = ["a", "Z", "-", ":", "_", " ", "é", "ß", "日", "本", "🙂", "\u0000", "\u07ff", "\uffff"];
  const text = (maxUtf8) => {
    let s = "";
    for (let n = int(1, 40); n > 0; n--) {
      const next = s + pick(alphabet);
      if (Buffer.byteLength(next, "utf8") > maxUtf8) break;
      s = next;
    }
    return s;
  };
  const valueMakers = [
    () => ({ type: "boolean", value: true }),
    () => ({ type: "boolean", value: false }),
    () => ({ type: "byte", value: pick([-128, -1, 0, 1, 127, int(-128, 127)]) }),
    () => ({ type: "short", value: pick([-32768, 0, 32767, int(-32768, 32767)]) }),
    () => ({ type: "integer", value: pick([-2147483648, 0, 2147483647, int(-2147483648, 2147483647)]) }),
    () => ({ type: "long", value: new Int64(bytes(8)) }),
    () => ({ type: "binary", value: bytes(pick([0, 1, 2, int(1, 300)])) }),
    () => ({ type: "string", value: pick(["", "x", text(2000)]) }),
    () => ({ type: "timestamp", value: new Date(pick([0, -1, 253402300799999, -62135596800000, int(-1e13, 1e13)])) }),
    () => ({ type: "uuid", value: Buffer.from(bytes(16)).toString("hex").replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5") }),
  ];
  for (let i = 0; i < count; i++) {
    const headers = {};
    for (let h = int(0, 12); h > 0; h--) {
      // Object keys that look like array indices are reordered by JavaScript; a letter prefix keeps wire order.
      headers["h" + text(200)] = pick(valueMakers)();
    }
    const body = bytes(pick([0, 1, int(0, 100), int(0, 65536)]));
    const encoded = codec.encode({ headers, body });
    process.stdout.write(JSON.stringify({ encoded: toBase64(encoded), headers: describeHeaders(headers), payload: toBase64(body) }) + "\n");
  }
}

async function decodeMode() {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    try {
      const message = codec.decode(fromBase64(JSON.parse(line).encoded));
      process.stdout.write(JSON.stringify({ headers: describeHeaders(message.headers), payload: toBase64(message.body) }) + "\n");
    } catch (error) {
      process.stdout.write(JSON.stringify({ error: String(error) }) + "\n");
    }
  }
}

// The repository's own conformance vectors: each line names one message, encoded here by the JavaScript SDK's codec so
// that the expectation never comes from the decoder under test.
function vectorsMode() {
  const int64 = (text) => {
    const bytes = new Uint8Array(8);
    let value = BigInt.asUintN(64, BigInt(text));
    for (let i = 7; i >= 0; i--) { bytes[i] = Number(value & 0xffn); value >>= 8n; }
    return new Int64(bytes);
  };
  const utf8 = (text) => new Uint8Array(Buffer.from(text, "utf8"));
  const event = (type, body, contentType = "application/octet-stream") => ({
    headers: {
      ":event-type": { type: "string", value: type },
      ":content-type": { type: "string", value: contentType },
      ":message-type": { type: "string", value: "event" },
    },
    body,
  });
  const vectors = {
    empty_message: { headers: {}, body: new Uint8Array(0) },
    payload_only: { headers: {}, body: utf8("{'foo':'bar'}") },
    payload_of_64_kib: { headers: {}, body: Uint8Array.from({ length: 65536 }, (_, i) => (i * 31) & 0xff) },
    bool_true_and_false: { headers: { t: { type: "boolean", value: true }, f: { type: "boolean", value: false } }, body: new Uint8Array(0) },
    byte_edges: { headers: { min: { type: "byte", value: -128 }, zero: { type: "byte", value: 0 }, max: { type: "byte", value: 127 } }, body: new Uint8Array(0) },
    int16_edges: { headers: { min: { type: "short", value: -32768 }, minus_one: { type: "short", value: -1 }, max: { type: "short", value: 32767 } }, body: new Uint8Array(0) },
    int32_edges: { headers: { min: { type: "integer", value: -2147483648 }, zero: { type: "integer", value: 0 }, max: { type: "integer", value: 2147483647 } }, body: utf8("x") },
    int64_edges: {
      headers: {
        min: { type: "long", value: int64("-9223372036854775808") },
        minus_one: { type: "long", value: int64("-1") },
        max: { type: "long", value: int64("9223372036854775807") },
      },
      body: new Uint8Array(0),
    },
    byte_array_edges: {
      headers: {
        one: { type: "binary", value: Uint8Array.of(0) },
        all_values: { type: "binary", value: Uint8Array.from({ length: 256 }, (_, i) => i) },
        longest_the_js_codec_writes: { type: "binary", value: Uint8Array.from({ length: 32767 }, (_, i) => i & 0xff) },
      },
      body: new Uint8Array(0),
    },
    string_edges: {
      headers: {
        ascii: { type: "string", value: "a" },
        multibyte: { type: "string", value: "é日本🙂\u0000\uffff" },
        longest_the_js_codec_writes: { type: "string", value: "x".repeat(32767) },
      },
      body: new Uint8Array(0),
    },
    timestamp_edges: {
      headers: {
        epoch: { type: "timestamp", value: new Date(0) },
        before_epoch: { type: "timestamp", value: new Date(-1) },
        year_1: { type: "timestamp", value: new Date(-62135596800000) },
        year_9999: { type: "timestamp", value: new Date(253402300799999) },
      },
      body: new Uint8Array(0),
    },
    uuid: { headers: { id: { type: "uuid", value: "b79bc914-de21-4e13-b8b2-bc47e85b7f0b" }, zero: { type: "uuid", value: "00000000-0000-0000-0000-000000000000" } }, body: new Uint8Array(0) },
    header_names_of_1_and_255_bytes: { headers: { n: { type: "byte", value: 1 }, ["N".repeat(255)]: { type: "byte", value: 2 } }, body: utf8("names") },
    every_type_in_one_message: {
      headers: {
        a: { type: "boolean", value: true }, b: { type: "boolean", value: false }, c: { type: "byte", value: -7 },
        d: { type: "short", value: 1234 }, e: { type: "integer", value: -123456 }, f: { type: "long", value: int64("1234567890123") },
        g: { type: "binary", value: utf8("bytes") }, h: { type: "string", value: "text" }, i: { type: "timestamp", value: new Date(1700000000123) },
        j: { type: "uuid", value: "0123456789abcdef0123456789abcdef".replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5") },
      },
      body: utf8("every type"),
    },
    lambda_payload_chunk: event("PayloadChunk", utf8("{\"id\":1}\n{\"id\":")),
    lambda_payload_chunk_rest: event("PayloadChunk", utf8("2}\n")),
    lambda_invoke_complete: event("InvokeComplete", utf8("{}"), "application/json"),
    lambda_invoke_complete_with_error: event(
      "InvokeComplete",
      utf8(JSON.stringify({ ErrorCode: "Unhandled", ErrorDetails: "{\"errorType\":\"Error\",\"errorMessage\":\"boom\"}", LogResult: Buffer.from("log tail").toString("base64") })),
      "application/json"),
    lambda_unknown_event: event("SomethingNew", utf8("ignored")),
    lambda_exception_message: {
      headers: {
        ":exception-type": { type: "string", value: "ServiceException" },
        ":content-type": { type: "string", value: "application/json" },
        ":message-type": { type: "string", value: "exception" },
      },
      body: utf8("{\"message\":\"the service failed\"}"),
    },
    lambda_error_message: {
      headers: {
        ":error-code": { type: "string", value: "InternalFailure" },
        ":error-message": { type: "string", value: "an unmodeled failure" },
        ":message-type": { type: "string", value: "error" },
      },
      body: new Uint8Array(0),
    },
  };
  for (const [name, { headers, body }] of Object.entries(vectors)) {
    const encoded = codec.encode({ headers, body });
    process.stdout.write(JSON.stringify({ name, encoded: toBase64(encoded), headers: describeHeaders(headers), payload: toBase64(body) }) + "\n");
  }
}

if (mode === "vectors") {
  vectorsMode();
} else if (mode === "encode") {
  encodeMode(Number(countArg), Number(seedArg));
} else if (mode === "decode") {
  await decodeMode();
} else {
  process.stderr.write("usage: node eventstream-crosscheck.mjs encode <count> <seed> | decode | vectors\n");
  process.exit(2);
}
