# The platform's image: gunicorn on port 8000 by default, the task worker with
# `manage.py db_worker --queue-name '*'` (compose.yaml runs both and PostgreSQL).
# Not built on the development machines (no registry for base images there): see
# README.md, "Production".

# -- the front-end assets, as `make assets` fetches them (npm ci, no CDN) ------------
FROM node:20-bookworm-slim AS assets
RUN apt-get update && apt-get install -y --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Makefile package.json package-lock.json ./
RUN make assets

# -- the platform --------------------------------------------------------------------
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    PATH=/app/.venv/bin:$PATH \
    DIASPORA_VAR_DIR=/var/lib/diaspora \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    GUNICORN_BIND=0.0.0.0:8000
RUN pip install --no-cache-dir uv==0.13.9 \
    && useradd --system --home-dir /app --shell /usr/sbin/nologin diaspora
WORKDIR /app
# The locked dependencies first: this layer is kept while only the code changes.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
COPY --from=assets /src/diaspora/static/vendor diaspora/static/vendor
# Static files with hashed names, served by WhiteNoise; settings need a key and a
# host to load, which this step uses for nothing else.
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --no-input --verbosity 0 \
    && mkdir -p /var/lib/diaspora && chown diaspora:diaspora /var/lib/diaspora
USER diaspora
EXPOSE 8000
# /health under an allowed host name (Django answers 400 to any other Host).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD python -c "import os, urllib.request as r; host = os.environ['DJANGO_ALLOWED_HOSTS'].split(',')[0].strip().lstrip('.'); r.urlopen(r.Request('http://127.0.0.1:8000/health', headers={'Host': host}), timeout=4)"
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "diaspora.wsgi:application"]
