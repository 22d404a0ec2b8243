#!/usr/bin/env bash
# Print the steps that release aigw-backend as a multi-arch container image.
# `make release` runs this; it only prints and never tags, builds or pushes.
#
#   scripts/image-release.sh VERSION IMAGE
#
# VERSION should be the semver tag to release (vX.Y.Z). If the tree is not at
# such a tag (git describe gives e.g. v0.1.0-3-gabc1234-dirty or a bare hash),
# the steps use vX.Y.Z as a placeholder: `make release VERSION=v0.2.0`.
set -euo pipefail

version=${1:-} image=${2:-ghcr.io/aigw-dev/aigw-backend}
note=""
if [[ ! "$version" =~ ^v([0-9]+)\.([0-9]+)\.([0-9]+)(-[0-9A-Za-z.-]+)?$ ]]; then
	note="VERSION='$version' is not a release tag; pass one: make release VERSION=vX.Y.Z"
	version=vX.Y.Z major=vX minor=vX.Y prerelease=""
else
	major="v${BASH_REMATCH[1]}" minor="v${BASH_REMATCH[1]}.${BASH_REMATCH[2]}" prerelease=${BASH_REMATCH[4]}
fi

# Immutable vX.Y.Z plus floating vX.Y and vX, no `latest` (kpt catalog VERSIONING.md);
# pre-releases (vX.Y.Z-rc.1) get only their own tag.
tags="-t $image:$version"
if [ -z "$prerelease" ]; then
	tags="$tags -t $image:$minor -t $image:$major"
fi

cat <<TXT
Release $version of $image  (this only prints; nothing is tagged, built or pushed)
${note:+
NOTE: $note
}
1. Check the release commit on a clean tree:
     git status --porcelain            # must print nothing
     make test                         # CI=true make test also runs the container-mode tests

2. Tag and push the tag:
     git tag -a $version -m "aigw-backend $version"
     git push origin $version

3. Build both architectures from ./Dockerfile and push (needs a Docker engine with
   buildx and registry access; the builder cross-compiles, no emulation needed):
     docker buildx create --name aigw-release --use     # once per machine
     docker login ghcr.io
     docker buildx build --platform linux/amd64,linux/arm64 \\
       --build-arg VERSION=$version \\
       $tags \\
       --provenance=false --push .

4. Verify what was pushed:
     docker buildx imagetools inspect $image:$version   # lists linux/amd64 and linux/arm64
     docker run --rm $image:$version --version          # prints: aigw-backend $version
     kpt fn doc --image $image:$version                 # the function's --help

5. Without Docker: per-arch tarballs that can be loaded and pushed by any tool
   (e.g. skopeo copy docker-archive:FILE docker://$image:$version per arch, then a manifest list):
     make image-tar VERSION=$version IMAGE_ARCH=amd64
     make image-tar VERSION=$version IMAGE_ARCH=arm64

6. Point users at the new tag: bump the image tag shown in README.md ("Usage with
   a container") and docs/container.md to $version (metadata.yaml names the
   image without a tag).
TXT
