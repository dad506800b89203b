#!/bin/sh
# Node with the runtime settings TagPhoto ships (runtime.env beside this file). glibc reads its malloc
# settings once, when the process starts, so they must be in the environment before node is.
set -a
. "$(dirname "$0")/runtime.env"
set +a
exec node "$@"
