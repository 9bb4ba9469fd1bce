"""Per-hop latency between two scrapes of the services' /metrics (see deploy/bench-lib.sh).

Two histograms make a hop of the pipeline:
  ams_event_lag_seconds{consumer}        an event's ce_time -> the consumer's effect durable
  ams_outbox_publish_lag_seconds{service} an event's ce_time -> Kafka acknowledged it
Quantiles are interpolated within the histogram's buckets.
Usage: lag-report.py OUT_DIR BEFORE AFTER
"""
import glob
import os
import re
import sys

LINE = re.compile(r'(ams_event_lag_seconds|ams_outbox_publish_lag_seconds)_bucket\{(.*)\} (\S+)')


def buckets(path):
    out = {}
    if not os.path.exists(path):
        return out
    for line in open(path):
        m = LINE.match(line)
        if not m:
            continue
        labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2)))
        who = labels.get("consumer") or labels.get("service")
        series = out.setdefault((m.group(1), who), {})
        series[float(labels["le"])] = float(m.group(3))
    return out


def quantile(edges, counts, p):
    total = counts[-1]
    prev_edge, prev = 0.0, 0.0
    for edge, c in zip(edges, counts):
        if c >= p * total:
            if edge == float("inf"):
                return float("inf")
            return (prev_edge + (edge - prev_edge) * (p * total - prev) / max(c - prev, 1)) * 1000
        prev_edge, prev = edge, c
    return float("nan")


def main(out, before, after):
    what = {"ams_event_lag_seconds": "event -> consumer's effect durable",
            "ams_outbox_publish_lag_seconds": "state change -> its event acked by Kafka"}
    for path in sorted(glob.glob(os.path.join(out, f"{after}-*.prom"))):
        port = path.rsplit("-", 1)[1]
        b, a = buckets(os.path.join(out, f"{before}-{port}")), buckets(path)
        for (metric, who), series in sorted(a.items()):
            edges = sorted(series)
            counts = [series[e] - b.get((metric, who), {}).get(e, 0) for e in edges]
            if not counts or counts[-1] <= 0:
                continue
            print(f"  {who:>18}  {what[metric]:<42} {counts[-1]:6.0f} events"
                  f"  p50 {quantile(edges, counts, 0.5):7.2f} ms  p99 {quantile(edges, counts, 0.99):7.2f} ms")


if __name__ == "__main__":
    main(*sys.argv[1:4])
