FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DOCSVC_HOME=/data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY docsvc ./docsvc
COPY contracts_schema ./contracts_schema
COPY templates ./templates
RUN pip install . \
    && useradd --system --home-dir /data --create-home docsvc

USER docsvc
VOLUME ["/data"]
ENTRYPOINT ["docsvc"]
EXPOSE 8000
CMD ["serve", "--host", "0.0.0.0"]
