using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Core.SearchSpace;
using NasBench.Training.Experiments;
using NasBench.Training.Networks;

namespace NasBench.Training.Tests.Experiments;

public sealed class TrainingRequestTests
{
    private static readonly TrainingRequest Valid = new() { Adjacency = "0110000100010000", Operations = "input,conv3x3-bn-relu,conv1x1-bn-relu,output" };

    static TrainingRequestTests() => TrainingExperiments.Register();

    [Theory]
    [InlineData("batchSize", 0, "--batch-size must be between 1 and 65536 (got 0).")]
    [InlineData("batchSize", -1, "--batch-size must be between 1 and 65536 (got -1).")]
    [InlineData("epochs", 0, "--epochs must be between 1 and 10000 (got 0).")]
    [InlineData("threads", 0, "--threads must be between 1 and 1024 (got 0).")]
    [InlineData("trainImages", 0, "--train-images must be at least 1 (got 0).")]
    [InlineData("testImages", -5, "--test-images must be at least 1 (got -5).")]
    [InlineData("stemChannels", 0, "--stem-channels must be between 1 and 4096 (got 0).")]
    public void BadCounts_AreRefusedNamingTheOptionAndTheRange(string field, int value, string message)
    {
        var request = field switch
        {
            "batchSize" => Valid with { BatchSize = value },
            "epochs" => Valid with { Epochs = value },
            "threads" => Valid with { Threads = value },
            "trainImages" => Valid with { TrainImages = value },
            "testImages" => Valid with { TestImages = value },
            _ => Valid with { StemChannels = value },
        };
        var error = Assert.Single(request.Validate());
        Assert.Equal((field, message), (error.Field, error.Message));
    }

    [Fact]
    public void BadNamesRatesAndCells_AreRefused()
    {
        Assert.Empty(Valid.Validate());
        Assert.Equal("--lr must be a positive number up to 10 (got -1).", Assert.Single((Valid with { Lr = -1 }).Validate()).Message);
        Assert.Equal("--lr must be a positive number up to 10 (got 0).", Assert.Single((Valid with { Lr = 0 }).Validate()).Message);
        Assert.Contains("--dataset 'mnist'", Assert.Single((Valid with { Dataset = "mnist" }).Validate()).Message);
        Assert.Contains("--recipe 'adam'", Assert.Single((Valid with { Recipe = "adam" }).Validate()).Message);
        Assert.Equal("Unknown --device 'tpu': use auto, cpu, cuda or cuda:<n>.", Assert.Single((Valid with { Device = "tpu" }).Validate()).Message);
        Assert.Empty((Valid with { Device = "cuda:1" }).Validate());
        Assert.Empty((Valid with { Device = "cuda:63" }).Validate());
        foreach (string bad in new[] { "cuda:", "cuda:x", "cuda:64", "cuda:-1", "cuda:+1", "cuda:1 ", "CUDA:0", "cuda:0001" })
        {
            Assert.Contains($"--device '{bad}'", Assert.Single((Valid with { Device = bad }).Validate()).Message, StringComparison.Ordinal);
        }

        Assert.Equal("--queue must be cpu, gpu or one GPU's queue gpu-<host>-<n> (got 'gpu-0').", Assert.Single((Valid with { Queue = "gpu-0" }).Validate()).Message);
        Assert.Empty((Valid with { Queue = "gpu-dgx.lab-3" }).Validate());
        Assert.Contains("--bn-momentum", Assert.Single((Valid with { BnMomentum = 0 }).Validate()).Message);
        Assert.Contains("bogus", Assert.Single((Valid with { Operations = "input,bogus,conv1x1-bn-relu,output" }).Validate()).Message);
        Assert.Equal(["adjacency", "operations"], new TrainingRequest().Validate().Select(e => e.Field));
        Assert.Contains("--train-images 100", Assert.Single((Valid with { TrainImages = 100, BatchSize = 128 }).Validate()).Message);
        Assert.Contains("at least 3 cells", Assert.Single(new TransferRequest { Cells = 2 }.Validate()).Message);
    }

    [Fact]
    public void Defaults_LiveInTheRequest()
    {
        var recipe = Valid.ResolveRecipe();
        Assert.Equal(("seed-paper", 6, 0.025, 128), (recipe.Name, recipe.Epochs, recipe.LearningRate, recipe.BatchSize));
        Assert.Equal((12, 0.1, 64), ((Valid with { Epochs = 12, Lr = 0.1, BatchSize = 64 }).ResolveRecipe() is var r ? (r.Epochs, r.LearningRate, r.BatchSize) : default));
        Assert.Equal((1, NetworkPrefix.None), (Valid.Network(10).InputChannels, Valid.Network(10).Prefix));
        var imagenette = (Valid with { Dataset = "imagenette" }).Network(10);
        Assert.Equal((3, NetworkPrefix.Imagenette), (imagenette.InputChannels, imagenette.Prefix));
        Assert.Equal(Path.Combine(TrainingRequestBase.DefaultDataRoot, "cifar10"), (Valid with { Dataset = "CIFAR-10" }).ResolveDataDir());
    }

    [Fact]
    public void Json_RoundTripsWithCliNames_AndTheCommandLineNamesTheDifferences()
    {
        var request = Valid with { Dataset = "cifar10", BatchSize = 64, TrainImages = 1000, Lr = 0.05 };
        string json = ExperimentJson.Serialize(request);
        Assert.Contains("\"kind\":\"training\"", json);
        Assert.Contains("\"batchSize\":64", json);
        Assert.Contains("\"trainImages\":1000", json);
        Assert.Equal(request, ExperimentJson.Deserialize(json));
        Assert.Equal("nasbench train --adjacency 0110000100010000 --operations input,conv3x3-bn-relu,conv1x1-bn-relu,output --dataset cifar10 --lr 0.05 --batch-size 64 --train-images 1000",
            request.ToCommandLine());

        var transfer = new TransferRequest { Cells = 8, Sampler = CellDistribution.Uniform, Store = "s.nbstore", Epochs = 1 };
        Assert.Equal(transfer, ExperimentJson.Deserialize(ExperimentJson.Serialize(transfer)));
        Assert.Contains("\"sampler\":\"uniform\"", ExperimentJson.Serialize(transfer));
        Assert.Equal("nasbench study transfer --cells 8 --sampler uniform --store s.nbstore --epochs 1", transfer.ToCommandLine());
        var bad = Assert.Throws<RequestValidationException>(() => ExperimentJson.Deserialize("{\"kind\":\"training\",\"batchSize\":\"x\"}"));
        Assert.Equal("batchSize", Assert.Single(bad.Errors).Field);
    }

    /// <summary>cuda:&lt;n&gt; names one GPU: parsed strictly, never a CPU, and on a machine without CUDA (or without that GPU)
    /// a clear error rather than a silent fall-back.</summary>
    [Fact]
    public void CudaN_IsOneGpu()
    {
        Assert.Equal(0, NasBench.Training.Trainers.TorchRuntime.CudaIndex("cuda:0"));
        Assert.Equal(7, NasBench.Training.Trainers.TorchRuntime.CudaIndex("cuda:7"));
        Assert.Null(NasBench.Training.Trainers.TorchRuntime.CudaIndex("cuda"));
        Assert.Null(NasBench.Training.Trainers.TorchRuntime.CudaIndex("cuda:x"));
        Assert.False(NasBench.Training.Trainers.TorchRuntime.IsCpu("cuda:1"));
        if (TorchSharp.torch.cuda.is_available())
        {
            int count = TorchSharp.torch.cuda.device_count();
            Assert.Equal(count - 1, NasBench.Training.Trainers.TorchRuntime.SelectDevice($"cuda:{count - 1}").index);
            Assert.Contains($"this machine has {count} CUDA device(s)", Assert.Throws<ArgumentException>(() => NasBench.Training.Trainers.TorchRuntime.SelectDevice($"cuda:{count}")).Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("CUDA was asked for but is not available", Assert.Throws<ArgumentException>(() => NasBench.Training.Trainers.TorchRuntime.SelectDevice("cuda:1")).Message, StringComparison.Ordinal);
        }
    }
}
