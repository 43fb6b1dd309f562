// C11 <threads.h> functions for ThreadSanitizer builds only, defined on top of pthreads.
//
// Debian's librdkafka creates its threads with thrd_create() and locks with mtx_lock().
// glibc 2.36 implements those with its internal pthread functions, which GCC 12's TSan
// runtime does not intercept. A librdkafka thread then has no TSan state and crashes on
// its first allocation, and TSan does not observe librdkafka's locks. Defined in the
// executable, these functions take precedence over glibc's for librdkafka's calls and go
// through the intercepted pthread functions instead. Only the functions librdkafka 2.0.2
// imports are defined (`nm -D librdkafka.so.1 | grep -E ' U (thrd|mtx|cnd|call_once)'`).
#include <pthread.h>
#include <threads.h>

#include <cerrno>
#include <cstdint>
#include <new>

static_assert(sizeof(mtx_t) == sizeof(pthread_mutex_t));
static_assert(sizeof(cnd_t) == sizeof(pthread_cond_t));
static_assert(sizeof(thrd_t) == sizeof(pthread_t));
static_assert(sizeof(once_flag) == sizeof(pthread_once_t));

namespace {

struct ThreadStart {
  thrd_start_t function;
  void* argument;
};

void* run_thread(void* raw) {
  const ThreadStart start = *static_cast<ThreadStart*>(raw);
  delete static_cast<ThreadStart*>(raw);
  return reinterpret_cast<void*>(static_cast<std::intptr_t>(start.function(start.argument)));
}

pthread_mutex_t* native(mtx_t* mutex) {
  return reinterpret_cast<pthread_mutex_t*>(mutex);
}

pthread_cond_t* native(cnd_t* condition) {
  return reinterpret_cast<pthread_cond_t*>(condition);
}

int to_thrd_result(int error) {
  return error == 0           ? thrd_success
         : error == ETIMEDOUT ? thrd_timedout
         : error == EBUSY     ? thrd_busy
         : error == ENOMEM    ? thrd_nomem
                              : thrd_error;
}

}  // namespace

extern "C" {

int thrd_create(thrd_t* thread, thrd_start_t function, void* argument) {
  auto* start = new (std::nothrow) ThreadStart{function, argument};
  if (start == nullptr) {
    return thrd_nomem;
  }
  pthread_t created;
  const int error = pthread_create(&created, nullptr, run_thread, start);
  if (error != 0) {
    delete start;
    return to_thrd_result(error);
  }
  *thread = created;
  return thrd_success;
}

int thrd_join(thrd_t thread, int* result) {
  void* returned = nullptr;
  const int error = pthread_join(thread, &returned);
  if (error == 0 && result != nullptr) {
    *result = static_cast<int>(reinterpret_cast<std::intptr_t>(returned));
  }
  return to_thrd_result(error);
}

int mtx_init(mtx_t* mutex, int type) {
  pthread_mutexattr_t attributes;
  pthread_mutexattr_init(&attributes);
  if ((type & mtx_recursive) != 0) {
    pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_RECURSIVE);
  }
  const int error = pthread_mutex_init(native(mutex), &attributes);
  pthread_mutexattr_destroy(&attributes);
  return to_thrd_result(error);
}

int mtx_lock(mtx_t* mutex) {
  return to_thrd_result(pthread_mutex_lock(native(mutex)));
}

int mtx_unlock(mtx_t* mutex) {
  return to_thrd_result(pthread_mutex_unlock(native(mutex)));
}

void mtx_destroy(mtx_t* mutex) {
  pthread_mutex_destroy(native(mutex));
}

int cnd_init(cnd_t* condition) {
  return to_thrd_result(pthread_cond_init(native(condition), nullptr));
}

int cnd_signal(cnd_t* condition) {
  return to_thrd_result(pthread_cond_signal(native(condition)));
}

int cnd_broadcast(cnd_t* condition) {
  return to_thrd_result(pthread_cond_broadcast(native(condition)));
}

int cnd_wait(cnd_t* condition, mtx_t* mutex) {
  return to_thrd_result(pthread_cond_wait(native(condition), native(mutex)));
}

int cnd_timedwait(cnd_t* condition, mtx_t* mutex, const struct timespec* deadline) {
  return to_thrd_result(pthread_cond_timedwait(native(condition), native(mutex), deadline));
}

void cnd_destroy(cnd_t* condition) {
  pthread_cond_destroy(native(condition));
}

void call_once(once_flag* flag, void (*function)(void)) {
  pthread_once(reinterpret_cast<pthread_once_t*>(flag), function);
}

}  // extern "C"
