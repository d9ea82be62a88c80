# Build a wheel in one stage; run it, as a user with no privileges, in another.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY schedules ./schedules
COPY store ./store
RUN python -m pip install --no-cache-dir --upgrade pip build \
    && python -m build --wheel --outdir /wheels .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 cspbot
COPY --from=build /wheels /wheels
COPY constraints.txt /wheels/
RUN python -m pip install --no-cache-dir -c /wheels/constraints.txt /wheels/*.whl \
    && rm -rf /wheels
USER cspbot
WORKDIR /home/cspbot
ENV CSPBOT_DATABASE_URL=sqlite:////home/cspbot/cspbot.db \
    PYTHONUNBUFFERED=1
EXPOSE 3000
CMD ["cspbot", "serve", "--host", "0.0.0.0", "--port", "3000"]
