// Core throughput natively: validate, encode, parse and one whole attempt per iteration.
#include <benchmark/benchmark.h>

#include "workload.hpp"

namespace {

template <std::size_t (*Work)(const mixpay_bench::workload&)> void run(benchmark::State& state) {
    const mixpay_bench::workload w = mixpay_bench::make_workload();
    for (auto _ : state) {
        benchmark::DoNotOptimize(Work(w));
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_validate(benchmark::State& state) {
    run<mixpay_bench::validate_once>(state);
}
void BM_encode(benchmark::State& state) {
    run<mixpay_bench::encode_once>(state);
}
void BM_parse(benchmark::State& state) {
    run<mixpay_bench::parse_once>(state);
}
void BM_checkout(benchmark::State& state) {
    run<mixpay_bench::checkout_once>(state);
}

} // namespace

BENCHMARK(BM_validate);
BENCHMARK(BM_encode);
BENCHMARK(BM_parse);
BENCHMARK(BM_checkout);

BENCHMARK_MAIN();
