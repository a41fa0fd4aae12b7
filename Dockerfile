# Production-like image for docker-compose.yml (web, worker, beat, streambooks share it).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements.txt constraints.txt ./
# torch first, CPU build only (the default index would pull a multi-GB CUDA build).
RUN pip install --no-cache-dir -c constraints.txt torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu \
    && pip install --no-cache-dir -c constraints.txt -r requirements.txt
COPY . .
# collectstatic loads the settings, which refuse a weak key with DEBUG off: a throwaway one.
RUN mkdir -p var && DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    python manage.py collectstatic --noinput
RUN useradd --create-home eventsarb && chown -R eventsarb /app/var
USER eventsarb
EXPOSE 8000
