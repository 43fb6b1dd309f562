# Warnings and sanitizers for every target of the project, set in one place.
option(BRIDGE_WERROR "Treat compiler warnings as errors" OFF)
set(BRIDGE_SANITIZE "" CACHE STRING "Sanitizer build: empty, 'address' (ASan+UBSan) or 'thread' (TSan)")

function(bridge_apply_options target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow)
  if(BRIDGE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(BRIDGE_SANITIZE STREQUAL "address")
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
elseif(BRIDGE_SANITIZE STREQUAL "thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
  # librdkafka's C11 threads are invisible to TSan; see tests/tsan/c11_threads_shim.cpp.
  add_library(bridge_tsan_thread_shim OBJECT ${CMAKE_SOURCE_DIR}/tests/tsan/c11_threads_shim.cpp)
elseif(NOT BRIDGE_SANITIZE STREQUAL "")
  message(FATAL_ERROR "BRIDGE_SANITIZE must be empty, 'address' or 'thread', not '${BRIDGE_SANITIZE}'")
endif()

# Links the C11 threads shim into an executable of a TSan build; does nothing otherwise.
function(bridge_add_tsan_thread_shim target)
  if(BRIDGE_SANITIZE STREQUAL "thread")
    target_sources(${target} PRIVATE $<TARGET_OBJECTS:bridge_tsan_thread_shim>)
  endif()
endfunction()

# libFuzzer targets need clang. Every target is then built with coverage instrumentation and
# ASan+UBSan, so that the fuzzer sees the branches of the library code it calls.
option(BRIDGE_BUILD_FUZZERS "Build the libFuzzer targets in tests/fuzz (needs clang)" OFF)
if(BRIDGE_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "BRIDGE_BUILD_FUZZERS needs clang, not ${CMAKE_CXX_COMPILER_ID}; "
                        "configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
