# optim_viz: the Streamlit app, served on port 8501.
#   docker build -t optim-viz .
#   docker run --rm -p 8501:8501 optim-viz
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

WORKDIR /app

# A font that draws Chinese as well as Latin: the GIF/MP4 export writes labels into the pictures
# (without it Chinese labels would come out as empty boxes). WenQuanYi Micro Hei is ~5 MB.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first: this layer is rebuilt only when requirements.txt changes.
COPY requirements.txt .
RUN python -m pip install --no-cache-dir -r requirements.txt

# An unprivileged user with a home directory (Streamlit may keep per-user files in ~/.streamlit).
RUN groupadd --gid 10001 app \
    && useradd --no-log-init --create-home --uid 10001 --gid 10001 --shell /usr/sbin/nologin app

# The code (app.py, optim_viz/, pages/, .streamlit/): .dockerignore keeps everything else out.
# Files stay owned by root, so the app cannot modify itself.
COPY . .

USER 10001:10001
EXPOSE 8501

HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; r = urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4); sys.exit(0 if r.read().strip() == b'ok' else 1)"]

# Extra Streamlit flags given to `docker run IMAGE ...` are appended to this command.
ENTRYPOINT ["python", "-m", "streamlit", "run", "app.py", \
            "--server.address=0.0.0.0", "--server.port=8501", \
            "--server.headless=true", "--browser.gatherUsageStats=false"]
