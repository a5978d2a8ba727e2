// Core throughput without Google Benchmark, for WebAssembly under Node: each workload
// runs in batches until `seconds` have passed, `repetitions` times; prints one JSON
// object {"name": [ops per second of each repetition], ...}.
//
//   bench_loop [seconds-per-repetition] [repetitions]      (default 0.5 and 5)
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>

#include "workload.hpp"

namespace {

volatile std::size_t sink = 0;

double ops_per_second(std::size_t (*work)(const mixpay_bench::workload&),
                      const mixpay_bench::workload& w, double seconds) {
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    const auto limit = start + std::chrono::duration<double>(seconds);
    std::size_t ops = 0;
    std::size_t sum = 0;
    auto now = start;
    // Bounded: at most 1e9 operations whatever the clock does.
    while (now < limit && ops < 1000000000) {
        for (int i = 0; i < 256; ++i) {
            sum += work(w);
        }
        ops += 256;
        now = clock::now();
    }
    sink = sink + sum;
    return static_cast<double>(ops) / std::chrono::duration<double>(now - start).count();
}

} // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 0.5;
    const int repetitions = argc > 2 ? std::atoi(argv[2]) : 5;
    if (!(seconds > 0 && seconds <= 10) || repetitions < 1 || repetitions > 50) {
        std::fprintf(stderr, "usage: bench_loop [seconds 0-10] [repetitions 1-50]\n");
        return 2;
    }
    const mixpay_bench::workload w = mixpay_bench::make_workload();
    struct entry {
        const char* name;
        std::size_t (*work)(const mixpay_bench::workload&);
    };
    const entry entries[] = {
        {"validate", mixpay_bench::validate_once},
        {"encode", mixpay_bench::encode_once},
        {"parse", mixpay_bench::parse_once},
        {"checkout", mixpay_bench::checkout_once},
    };
    std::printf("{");
    bool first = true;
    for (const entry& e : entries) {
        ops_per_second(e.work, w, seconds); // warm-up (and the JIT's tier-up under Node)
        std::printf("%s\"%s\":[", first ? "" : ",", e.name);
        for (int r = 0; r < repetitions; ++r) {
            std::printf("%s%.1f", r ? "," : "", ops_per_second(e.work, w, seconds));
        }
        std::printf("]");
        first = false;
    }
    std::printf("}\n");
    return 0;
}
