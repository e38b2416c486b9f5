// One live update of a search chart in one redraw: appends the new points of some run traces (keeping at most `max`
// points each), inserts the traces of new runs at `at` (after the drawn runs, before the bands and means, so the means
// stay on top; drawn as SearchChartModel.NewTrace draws them), then replaces the touched mean and band traces (their
// indices count the new runs). Plotly's extendTraces, update and addTraces would redraw once each; react with all data would resend it.
// Whether the chart has drawn its first plot. The server asks before it touches its copy of the data: Plotly.Blazor's
// first plot is drawn from that same list, so rows added to it before the first plot would be drawn twice (once by the
// first plot, once by extend).
export function drawn(id) {
    const gd = document.getElementById(id);
    return !!(gd && gd.data && window.Plotly);
}

export function extend(id, xs, ys, indices, max, replaced, added, at, rows) {
    const gd = document.getElementById(id);
    if (!gd || !gd.data || !window.Plotly) {
        return false; // not drawn yet: the server draws everything with react
    }

    indices.forEach((index, k) => {
        const trace = gd.data[index];
        const x = trace.x.concat(xs[k]), y = trace.y.concat(ys[k]);
        trace.x = x.length > max ? x.slice(x.length - max) : x;
        trace.y = y.length > max ? y.slice(y.length - max) : y;
    });
    gd.data.splice(at, 0, ...added.map(r => ({
        type: 'scatter', mode: 'lines', name: r.name, showlegend: false, opacity: 0.35, x: r.x, y: r.y,
        line: { width: 0.8, shape: 'hv', color: r.color },
    })));
    replaced.forEach(r => {
        gd.data[r.index].x = r.x;
        gd.data[r.index].y = r.y;
    });
    // The arrays changed in place: a new datarevision tells Plotly.react to redraw them.
    gd.layout.datarevision = (gd.layout.datarevision || 0) + 1;
    window.Plotly.react(gd, gd.data, gd.layout);
    // The count beside the chart says what it now shows (the render that follows sets the same value).
    const count = document.getElementById('chart-points');
    if (count) {
        count.dataset.points = rows;
    }

    return true;
}
