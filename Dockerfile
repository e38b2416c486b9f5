# NasBench: the lab server (role all: pages, API, one worker) and the `nasbench` CLI in one image; the data folder
# (lab.db, jobs.db, experiments/, the benchmark store) is the volume /data.
#   docker run -p 8080:8080 -v nasbench:/data -e NasBench__Lab__AdminEmail=you@lab -e NasBench__Lab__AdminPassword=… nasbench
#   docker build -t nasbench .                             # CPU libtorch
#   docker build --build-arg TORCH_RUNTIME=cuda -t nasbench-gpu .   # CUDA libtorch (needs the CUDA runtime package from NuGet)
ARG DOTNET_VERSION=10.0
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG TORCH_RUNTIME=cpu
WORKDIR /src
COPY . .
RUN dotnet publish NasBench.Cli -c Release -o /app/cli -p:TorchRuntime=${TORCH_RUNTIME} \
 && dotnet publish NasBench.Web -c Release -o /app/web -p:TorchRuntime=${TORCH_RUNTIME}

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}
WORKDIR /app
COPY --from=build /app /app
ENV NASBENCH_HOME=/data ASPNETCORE_URLS=http://+:8080 NasBench__Role=all
VOLUME /data
EXPOSE 8080
RUN ln -s /app/cli/nasbench /usr/local/bin/nasbench
ENTRYPOINT ["dotnet", "/app/web/NasBench.Web.dll"]
