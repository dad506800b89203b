#!/bin/sh
# Node with the memory allocator settings TagPhoto ships: npm start, npm run tag and npm run bench start
# through this file, and so should anything else that runs the hub or the engine. glibc and jemalloc read
# their settings once, when the process starts, so they must be in the environment before node is.
# tools/bench/allocator-bench.js measures what each choice costs: CPU seconds per image and peak RSS.
#
# With jemalloc (Debian/Ubuntu: apt-get install libjemalloc2) freed memory is reused for a couple of seconds
# before it goes back to the system, so the engine neither piles up freed buffers (glibc's defaults: ~800 MB)
# nor pays a page fault for every buffer it touches again (glibc with a low mmap threshold: 2x the CPU).
# oversize_threshold:0 keeps large buffers (images, OCR activations) under that same rule instead of
# returning them at once. TAGPHOTO_ALLOCATOR=glibc uses the fallback below even where jemalloc is installed.
if [ "${TAGPHOTO_ALLOCATOR:-}" != glibc ]; then
  for library in /usr/lib/*-linux-gnu/libjemalloc.so.2 /usr/lib64/libjemalloc.so.2 /usr/lib/libjemalloc.so.2; do
    if [ -r "$library" ]; then
      export LD_PRELOAD="$library${LD_PRELOAD:+ $LD_PRELOAD}"
      export MALLOC_CONF="oversize_threshold:0,background_thread:true,dirty_decay_ms:2000"
      exec node "$@"
    fi
  done
fi
# glibc: two arenas, and every buffer over 1 MB mapped on its own and returned when freed, which bounds
# memory; transparent huge pages (glibc >= 2.35; older ones ignore the tunable) make touching those
# buffers fault once per 2 MB instead of once per 4 KB.
export MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=1048576 MALLOC_TRIM_THRESHOLD_=1048576 GLIBC_TUNABLES=glibc.malloc.hugetlb=1
exec node "$@"
