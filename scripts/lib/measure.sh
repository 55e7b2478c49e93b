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

