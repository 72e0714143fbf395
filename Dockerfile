FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PANTAU_VAR_DIR=/var/lib/pantau PANTAU_DATABASE_URL=sqlite:////var/lib/pantau/pantau.db

WORKDIR /srv/pantau
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY collectors ./collectors
COPY classifiers ./classifiers
COPY migrations ./migrations
# Editable, so that alembic.ini and migrations/ stay beside the code that runs them.
RUN pip install -e . \
    && useradd --system --uid 10001 --home-dir /var/lib/pantau --create-home pantau

USER pantau
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"
# Migrations run as their own step in a deployment: `docker run IMAGE pantau db upgrade`.
CMD ["pantau", "serve", "--host", "0.0.0.0", "--port", "8000"]
