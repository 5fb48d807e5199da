-- wrk script: after the run, the 95th percentile of latency, which --latency
-- does not print (bench/pages_report.py reads this line).
done = function(summary, latency, requests)
    io.write(string.format("Latency p95: %.2fms\n", latency:percentile(95) / 1000))
end
