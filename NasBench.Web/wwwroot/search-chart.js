// One live update of a search chart in one redraw: appends the new points of some run traces (keeping at most `max`
// points each) and replaces the mean and band traces. Plotly's extendTraces and update would redraw once each.
export function extend(id, xs, ys, indices, max, replaced) {
    const gd = document.getElementById(id);
    if (!gd || !gd.data || !window.Plotly) {
        return;
    }

    indices.forEach((index, k) => {
        const trace = gd.data[index];
        const x = trace.x.concat(xs[k]), y = trace.y.concat(ys[k]);
        trace.x = x.length > max ? x.slice(x.length - max) : x;
        trace.y = y.length > max ? y.slice(y.length - max) : y;
    });
    replaced.forEach(r => {
        gd.data[r.index].x = r.x;
        gd.data[r.index].y = r.y;
    });
    // The arrays changed in place: a new datarevision tells Plotly.react to redraw them.
    gd.layout.datarevision = (gd.layout.datarevision || 0) + 1;
    window.Plotly.react(gd, gd.data, gd.layout);
}
