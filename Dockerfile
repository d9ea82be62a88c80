# cspbot: build a wheel in one stage; run it, as a user with no privileges (uid 10001), in
# another. No setting and no secret is baked in: everything comes from the environment at
# run time (.env.example lists every setting; compose.yaml passes them in).
FROM python:3.11-slim AS build
WORKDIR /src
# Build tools pinned (and the build not isolated, so these are the ones used): a rebuild
# makes the same wheel.
RUN python -m pip install --no-cache-dir \
        pip==26.3 build==1.6.1 setuptools==84.2.1 wheel==0.48.0
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY schedules ./schedules
COPY store ./store
RUN python -m build --wheel --no-isolation --outdir /wheels .

FROM python:3.11-slim
# /data holds the SQLite database when no CSPBOT_DATABASE_URL is given. It belongs to
# uid 10001: a bind mount must be owned by that uid too (chown 10001:10001 ./data).
RUN useradd --create-home --uid 10001 --user-group cspbot \
    && mkdir /data && chown 10001:10001 /data
COPY --from=build /wheels /wheels
COPY constraints.txt /wheels/
RUN python -m pip install --no-cache-dir -c /wheels/constraints.txt /wheels/*.whl \
    && rm -rf /wheels
USER 10001:10001
WORKDIR /home/cspbot
ENV CSPBOT_DATABASE_URL=sqlite:////data/cspbot.db \
    PYTHONUNBUFFERED=1
VOLUME ["/data"]
EXPOSE 3000
# Liveness only (the process answers): a database outage must not get the container
# restarted. Readiness is /readyz (compose.yaml's health check). No curl in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=4)"]
# SIGTERM: finish what is in flight and exit within 10 seconds (docker's default grace).
STOPSIGNAL SIGTERM
CMD ["cspbot", "serve", "--host", "0.0.0.0", "--port", "3000"]
