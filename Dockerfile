# syntax=docker/dockerfile:1
# Leitplanke container image: multi-stage, non-root, read-only root filesystem, health check.
#
#   python -m pip wheel --no-deps -w dist .        # the package as a wheel
#   mkdir -p wheelhouse                            # may stay empty (online build)
#   docker build -t leitplanke .                   # or: buildah bud --format docker
#   docker run --read-only --tmpfs /tmp -v leitplanke-var:/var/lib/leitplanke \
#       -p 8080:8080 leitplanke serve --demo
#
# BASE_IMAGE must provide python3 (3.11+) with the venv module: the official python slim
# image by default; tests/e2e/test_container_image.py builds a Debian rootfs with mmdebstrap
# offline and passes it here. PIP_INSTALL_OPTIONS lets an offline build point pip at a
# wheelhouse in the build context (--no-index --find-links /build/wheelhouse).
ARG BASE_IMAGE=docker.io/library/python:3.11-slim-bookworm

FROM ${BASE_IMAGE} AS build
ARG PIP_INSTALL_OPTIONS=""
WORKDIR /build
COPY dist/ /build/dist/
COPY wheelhouse/ /build/wheelhouse/
# hadolint ignore=SC2086
RUN python3 -m venv /opt/leitplanke \
 && /opt/leitplanke/bin/python -m pip install --no-cache-dir --disable-pip-version-check \
      ${PIP_INSTALL_OPTIONS} /build/dist/leitplanke-*.whl \
 && /opt/leitplanke/bin/python -m pip uninstall -y -q pip setuptools wheel

FROM ${BASE_IMAGE}
LABEL org.opencontainers.image.title="Leitplanke" \
      org.opencontainers.image.description="Responsible-AI governance gateway" \
      org.opencontainers.image.licenses="Apache-2.0"
# Only the installed venv comes over (pip and setuptools removed); no compiler, no wheels.
COPY --from=build /opt/leitplanke /opt/leitplanke
# The health check asks the port the server listens on (LEITPLANKE_SERVER__PORT, not --port).
# One unprivileged user; its only writable place is the data volume (plus /tmp as tmpfs).
RUN groupadd --system --gid 10001 leitplanke \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/leitplanke \
      --shell /usr/sbin/nologin leitplanke \
 && mkdir -p /var/lib/leitplanke \
 && chown 10001:10001 /var/lib/leitplanke
ENV PATH=/opt/leitplanke/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    LEITPLANKE_SERVER__HOST=0.0.0.0 \
    LEITPLANKE_SERVER__PORT=8080 \
    LEITPLANKE_DATABASE__URL=sqlite:////var/lib/leitplanke/leitplanke.db \
    LEITPLANKE_AUDIT__SIGNING_KEY_FILE=/var/lib/leitplanke/audit-signing-key.pem
WORKDIR /var/lib/leitplanke
VOLUME ["/var/lib/leitplanke"]
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python3", "-c", "import os, sys, urllib.request; port = os.environ.get('LEITPLANKE_SERVER__PORT', '8080'); sys.exit(urllib.request.urlopen(f'http://127.0.0.1:{port}/health/ready', timeout=4).status != 200)"]
ENTRYPOINT ["leitplanke"]
CMD ["serve"]
