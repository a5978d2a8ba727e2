#include "store/request_log.hpp"

namespace sandbox {

std::uint64_t request_log::record(request_record r) {
    std::lock_guard<std::mutex> lock(mutex_);
    r.number = next_++;
    std::uint64_t number = r.number;
    requests_.push_back(std::move(r));
    while (requests_.size() > max_requests) {
        requests_.pop_front();
    }
    return number;
}

void request_log::annotate(std::uint64_t number, std::vector<mixpay::field_error> errors) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = requests_.rbegin(); it != requests_.rend(); ++it) {
        if (it->number == number) {
            it->errors = std::move(errors);
            return;
        }
    }
}

std::vector<request_record> request_log::requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return {requests_.begin(), requests_.end()};
}

void request_log::clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.clear();
}

} // namespace sandbox
