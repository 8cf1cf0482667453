using System.Text.RegularExpressions;
using LambdaStreamGen.TestSupport;
using Microsoft.Playwright;
using WebRelay;
using static Microsoft.Playwright.Assertions;

namespace LambdaStreamGen.WebRelay.Tests.Browser;

/// <summary>
/// The sample's page in a real headless Chromium, used as a person would: click, watch rows arrive, close the tab.
/// The embedded function is held on gates the tests control, so "while the function is still running" is a fact
/// the test arranges, not a timing it hopes for.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RelayPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private readonly Gates _gates = new();
    private RelayApp _relay = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _relay = await RelayEndpointTests.StartAsync(_gates.BeforeRowAsync);
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 860 } });
        _context.SetDefaultTimeout(15_000);
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _relay.DisposeAsync();
    }

    [Fact]
    public async Task Rows_appear_while_the_function_is_still_running_then_all_arrive_in_order()
    {
        TaskCompletionSource secondRow = _gates.Hold(beforeRow: 1);
        TaskCompletionSource seventhRow = _gates.Hold(beforeRow: 6);
        await _page.GotoAsync(new Uri(_relay.Address, "/?rows=12&delayMs=0").ToString());

        await _page.ClickAsync("#start");

        // The function is held before its second row: the first is on screen already, and nothing more.
        await Expect(_page.Locator("#rows tr")).ToHaveCountAsync(1);
        await Expect(_page.Locator("#count")).ToHaveTextAsync("1");
        await Expect(_page.Locator("#status")).ToHaveTextAsync("Streaming…");
        Assert.False(secondRow.Task.IsCompleted);

        secondRow.SetResult();
        await Expect(_page.Locator("#rows tr")).ToHaveCountAsync(6);
        await Expect(_page.Locator("#status")).ToHaveTextAsync("Streaming…");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath("web-relay-mid-stream.png"), FullPage = true });

        seventhRow.SetResult();
        await Expect(_page.Locator("#status")).ToHaveTextAsync("Complete: 12 rows.");
        IReadOnlyList<string> indexes = await _page.Locator("#rows tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.index)");
        Assert.Equal(Enumerable.Range(1, 12).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), indexes);
        Assert.Equal(["1", "eu-west-1", "1000.00"], await _page.Locator("#rows tr").First.Locator("td").AllTextContentsAsync());
        await Expect(_page.Locator("#cancel")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task Closing_the_page_cancels_the_function_within_a_second()
    {
        Task cancelled = _gates.WaitForCancellation(beforeRow: 1);
        await _page.GotoAsync(new Uri(_relay.Address, "/?rows=5&delayMs=0").ToString());
        await _page.ClickAsync("#start");
        await Expect(_page.Locator("#rows tr")).ToHaveCountAsync(1);

        await _page.CloseAsync();

        await cancelled.WaitAsync(Second);
    }

    [Fact]
    public async Task The_cancel_button_stops_the_function_and_keeps_the_rows_shown()
    {
        Task cancelled = _gates.WaitForCancellation(beforeRow: 2);
        await _page.GotoAsync(new Uri(_relay.Address, "/?rows=5&delayMs=0").ToString());
        await _page.ClickAsync("#start");
        await Expect(_page.Locator("#rows tr")).ToHaveCountAsync(2);

        await _page.ClickAsync("#cancel");

        await cancelled.WaitAsync(Second);
        await Expect(_page.Locator("#status")).ToHaveTextAsync("Cancelled.");
        await Expect(_page.Locator("#rows tr")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task A_function_failing_half_way_shows_the_rows_received_and_the_error()
    {
        await _page.GotoAsync(new Uri(_relay.Address, "/?rows=20&delayMs=0").ToString());

        await _page.ClickAsync("#fail");

        ILocator status = _page.Locator("#status");
        await Expect(status).ToHaveTextAsync(new Regex(@"^Failed after 7 rows: FunctionError: .*The data source failed while producing row 7\. \[request id [0-9a-f-]{36}\]$"));
        await Expect(status).ToHaveClassAsync("error");
        await Expect(_page.Locator("#rows tr")).ToHaveCountAsync(7);
        await Expect(_page.Locator("#count")).ToHaveTextAsync("7");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath("web-relay-failed.png"), FullPage = true });
    }

    [Fact]
    public async Task The_story_is_written_word_by_word_to_the_end()
    {
        await _page.GotoAsync(new Uri(_relay.Address, "/?storyWords=12&storyDelayMs=0").ToString());

        await _page.ClickAsync("#story-start");

        await Expect(_page.Locator("#story-status")).ToHaveTextAsync("Done.");
        Assert.Equal(
            "the stream arrives while the function is still writing it , one",
            await _page.Locator("#story").TextContentAsync());
    }

    /// <summary>Screenshots are kept with the test results, where a reviewer of a run looks for them.</summary>
    private static string ScreenshotPath(string name)
    {
        string folder = Path.Combine(RepositoryPaths.Root, "artifacts", "test-results", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    /// <summary>Holds the embedded report function before chosen rows, and reports when its stream is cancelled there.</summary>
    private sealed class Gates
    {
        private readonly Dictionary<int, TaskCompletionSource> _holds = [];
        private readonly Dictionary<int, TaskCompletionSource> _cancellations = [];

        public TaskCompletionSource Hold(int beforeRow) =>
            _holds[beforeRow] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task WaitForCancellation(int beforeRow) =>
            (_cancellations[beforeRow] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public async Task BeforeRowAsync(int row, CancellationToken cancellationToken)
        {
            if (_holds.TryGetValue(row, out TaskCompletionSource? hold))
            {
                await hold.Task.WaitAsync(cancellationToken);
            }

            if (_cancellations.TryGetValue(row, out TaskCompletionSource? cancellation))
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    cancellation.TrySetResult();
                    throw;
                }
            }
        }
    }
}
