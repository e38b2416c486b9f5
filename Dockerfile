# NasBench: one program in roles (docs: ../shared/docs/LAB.md, README "Beyond one machine"). Three images from this file:
#   --target web     pages and API only (NasBench__Role=web)
#   --target worker  a Hangfire worker only (NasBench__Role=worker), listening to NasBench__Worker__Queues
#   (default, all)   the embedded set-up: pages, API and one worker in one process, SQLite files in /data
# Each image holds the `nasbench` CLI too. TorchSharp's native runtime is a build argument:
#   TORCH_RUNTIME=cpu   libtorch-cpu-linux-x64 (the default; web images never train, so they stay on this)
#   TORCH_RUNTIME=cuda  libtorch-cuda-12.8-linux-x64: the CUDA runtime, cuDNN and cuBLAS come in that NuGet package, so
#                       the base stays the plain ASP.NET image; the host only needs the NVIDIA driver and the container
#                       toolkit (compose's deploy.resources.reservations.devices hands one GPU to each worker).
#   docker build --target web -t nasbench-web .
#   docker build --target worker --build-arg TORCH_RUNTIME=cuda -t nasbench-worker-gpu .
#   docker build -t nasbench . && docker run -p 8080:8080 -v nasbench:/data -e NasBench__Lab__AdminEmail=you@lab -e NasBench__Lab__AdminPassword=… nasbench
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG TORCH_RUNTIME=cpu
WORKDIR /src
# Project files first: the restore layer is reused while only sources change.
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props dotnet-tools.json NasBench.sln ./
COPY build/ build/
COPY NasBench.Core/NasBench.Core.csproj NasBench.Core/
COPY NasBench.Training/NasBench.Training.csproj NasBench.Training/
COPY NasBench.Figures/NasBench.Figures.csproj NasBench.Figures/
COPY NasBench.Cli/NasBench.Cli.csproj NasBench.Cli/
COPY NasBench.Web/NasBench.Web.csproj NasBench.Web/
RUN dotnet restore NasBench.Web/NasBench.Web.csproj -p:TorchRuntime=${TORCH_RUNTIME} \
 && dotnet restore NasBench.Cli/NasBench.Cli.csproj -p:TorchRuntime=${TORCH_RUNTIME}
COPY . .
RUN dotnet publish NasBench.Cli -c Release --no-restore -o /app/cli -p:TorchRuntime=${TORCH_RUNTIME} \
 && dotnet publish NasBench.Web -c Release --no-restore -o /app/web -p:TorchRuntime=${TORCH_RUNTIME}

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
# curl for the health checks (GET /healthz); the ASP.NET image has neither curl nor wget.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app /app
RUN ln -s /app/cli/nasbench /usr/local/bin/nasbench
# /data: the data folder (experiments' files, cell index; lab.db and jobs.db in role all). The benchmark store is
# usually mounted read-only elsewhere and named by NASBENCH_STORE; checkpoints go to NasBench__CheckpointFolder.
ENV NASBENCH_HOME=/data ASPNETCORE_URLS=http://+:8080
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD curl -fsS http://localhost:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "/app/web/NasBench.Web.dll"]

FROM runtime AS web
ENV NasBench__Role=web

FROM runtime AS worker
# A worker serves only /healthz over HTTP; its queues come from the environment (compose sets one set per GPU).
ENV NasBench__Role=worker NasBench__Worker__Queues=cpu

# The default target (last stage): the embedded set-up, as `docker build .` has always built.
FROM runtime AS all
ENV NasBench__Role=all
