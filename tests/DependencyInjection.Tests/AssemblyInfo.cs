// The client's activity source and meter are process-wide, and so are OpenTelemetry's listeners: tests that count
// spans and metric points run one at a time so that no other test's invocation is counted in theirs.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
