# Sourced by the build scripts. `measured RSS_FILE CMD...` runs CMD and writes its peak resident memory in
# KiB to RSS_FILE (GNU time), or "0" when GNU time is not installed; returns CMD's exit status.
measured() {
  local rss_file=$1
  shift
  if [[ -x /usr/bin/time ]] && /usr/bin/time -f '%M' true >/dev/null 2>&1; then
    /usr/bin/time -f '%M' -o "$rss_file" "$@"
  else
    echo 0 >"$rss_file"
    "$@"
  fi
}

# Compiler flags for the tools whose own speed matters little to us (the aws and google providers, trivy):
# without optimisation and inlining a cold build compiles ~30% faster (the trimmed google provider took
# 238 s optimised, 170 s with these, empty build cache, same load). The kubernetes and helm providers, the
# test control plane, etcd and kwok stay optimised: prove's timing depends on them.
QUICK_BUILD_GCFLAGS="all=-N -l"
