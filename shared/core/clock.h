// Clock and randomness: the core's only view of time and entropy, so tests can fix both.
#pragma once

#include <cstdint>
#include <random>

namespace crm {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch (UTC).
  virtual int64_t now_ms() = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t now_ms() override;
};

// A clock tests set by hand.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_ms = 1700000000000) : now_(start_ms) {}
  int64_t now_ms() override { return now_; }
  void set(int64_t ms) { now_ = ms; }
  void advance(int64_t ms) { now_ += ms; }

 private:
  int64_t now_;
};

class Random {
 public:
  virtual ~Random() = default;
  virtual uint64_t next_u64() = 0;
};

// Seeded from std::random_device (the OS on native, crypto.getRandomValues in the browser).
class SystemRandom final : public Random {
 public:
  SystemRandom();
  uint64_t next_u64() override;

 private:
  std::mt19937_64 gen_;
};

// Deterministic stream for tests.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(uint64_t seed) : gen_(seed) {}
  uint64_t next_u64() override { return gen_(); }

 private:
  std::mt19937_64 gen_;
};

}  // namespace crm
