FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DOCSVC_HOME=/data \
    DOCSVC_BUILTIN_TEMPLATES_DIR=/app/templates

# Scanned contracts are read by OCR: Tesseract with its English and German models (~40 MB).
# OMP_THREAD_LIMIT=1: tesseract's thread pool is 9x slower on small machines; docsvc runs pages in parallel.
ENV OMP_THREAD_LIMIT=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu \
    && rm -rf /var/lib/apt/lists/*

# PDF output of generated documents needs LibreOffice: docker build --build-arg WITH_PDF=1 (adds ~400 MB).
# Conversions run under `unshare --net` where the kernel allows it; as the unprivileged user below, inside
# Docker's default seccomp profile it usually does not (it needs root or unprivileged user namespaces), and
# docsvc then logs that it relies on removing external references and on LibreOffice's profile alone.
ARG WITH_PDF=0
RUN if [ "$WITH_PDF" = "1" ]; then apt-get update \
      && apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-dejavu-core \
      && rm -rf /var/lib/apt/lists/*; fi

WORKDIR /app
COPY pyproject.toml README.md requirements.lock ./
COPY docsvc ./docsvc
COPY contracts_schema ./contracts_schema
COPY templates ./templates
RUN pip install -c requirements.lock . \
    && useradd --system --home-dir /data --create-home docsvc

USER docsvc
VOLUME ["/data"]
ENTRYPOINT ["docsvc"]
EXPOSE 8000
CMD ["serve", "--host", "0.0.0.0"]
