"""Independent reference for ProxyScorerTests: the tiny NAS-Bench-101 network of the test written by hand in PyTorch
(stem conv3x3-BN-ReLU 1->4; cell [input, conv3x3, output] with edges 0->1, 1->2, 0->2 at 4->4; max-pool 2x2;
the same cell at 4->8; global average pool; dense 8->3), the test's deterministic weights and batch, and the
proxies as SamsungLabs/zero-cost-nas (foresight/pruners/measures) and NASWOT (Mellor et al.) compute them.
Run: /usr/bin/python3 reference_proxies.py   (Debian python3-torch)."""
import math
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvBnRelu(nn.Module):
    def __init__(self, cin, cout, k, bn=True):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, padding=k // 2, bias=False)
        self.bn = nn.BatchNorm2d(cout, eps=1e-5) if bn else None
        self.relu = nn.ReLU()

    def forward(self, x):
        y = self.conv(x)
        return self.relu(self.bn(y) if self.bn is not None else y)


class Cell(nn.Module):
    def __init__(self, cin, cout, bn):
        super().__init__()
        self.proj = ConvBnRelu(cin, cout, 1, bn)
        self.v1 = ConvBnRelu(cout, cout, 3, bn)
        self.out = ConvBnRelu(cin, cout, 1, bn)

    def forward(self, x):
        return self.v1(self.proj(x)) + self.out(x)


class Net(nn.Module):
    def __init__(self, bn=True):
        super().__init__()
        self.stem = ConvBnRelu(1, 4, 3, bn)
        self.c1 = Cell(4, 4, bn)
        self.pool = nn.MaxPool2d(2, 2, ceil_mode=True)
        self.c2 = Cell(4, 8, bn)
        self.dense = nn.Linear(8, 3)

    def forward(self, x):
        x = self.c2(self.pool(self.c1(self.stem(x))))
        return self.dense(x.mean((2, 3)))


def weights(net):
    return [m.weight for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]


def build(bn=True):
    net = Net(bn)
    with torch.no_grad():
        tensors = weights(net) + [net.dense.bias]
        for layer, w in enumerate(tensors):  # the test's formula
            j = torch.arange(w.numel(), dtype=torch.float64)
            w.copy_((0.3 * torch.sin(0.37 * j + 1.1 * layer + 0.5)).reshape(w.shape))
    net.train()
    return net


def batch():
    i = torch.arange(5 * 64, dtype=torch.float64)
    return torch.sin(0.05 * i + 0.2).reshape(5, 1, 8, 8).float(), torch.tensor([0, 1, 2, 0, 1])


def synflow():
    net = build(bn=False).double()
    with torch.no_grad():
        for p in net.state_dict().values():
            p.abs_()
    net.zero_grad()
    torch.sum(net(torch.ones([1, 1, 8, 8]).double())).backward()
    return sum(torch.sum(torch.abs(w * w.grad)).item() for w in weights(net))


def jacob_cov(x):
    net = build()
    x = x.clone().requires_grad_(True)
    y = net(x)
    y.backward(torch.ones_like(y))
    jacob = x.grad.detach().reshape(x.shape[0], -1).numpy()
    v, _ = np.linalg.eig(np.corrcoef(jacob))
    k = 1e-5
    return float(-np.sum(np.log(v + k) + 1. / (v + k)))


def naswot(x):
    net = build()
    net.K = np.zeros((x.shape[0], x.shape[0]))

    def hook(module, inp, out):
        inp = inp[0].view(inp[0].size(0), -1)
        c = (inp > 0).float()
        net.K = net.K + (c @ c.t()).numpy() + ((1. - c) @ (1. - c.t())).numpy()

    for m in net.modules():
        if isinstance(m, nn.ReLU):
            m.register_forward_hook(hook)
    with torch.no_grad():
        net(x)
    return float(np.linalg.slogdet(net.K)[1])


def snip_grad_norm(x, t):
    net = build()
    net.zero_grad()
    F.cross_entropy(net(x), t).backward()
    snip = sum(torch.abs(w * w.grad).sum().item() for w in weights(net))
    grad_norm = sum(w.grad.norm().item() for w in weights(net))
    return snip, grad_norm


def fisher(x, t):
    net = build()
    layers = [m for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    totals = []
    for layer in layers:  # zero-cost-nas: the layer's output through an identity whose backward hook sees the gradient
        layer.dummy = nn.Identity()
        layer.fisher = None

        def fwd(module, inp, out):
            module.act = out.detach()
            return module.dummy(out)

        def bwd_factory(layer):
            def hook(module, grad_input, grad_output):
                act, grad = layer.act, grad_output[0].detach()
                g_nk = torch.sum(act * grad, list(range(2, len(act.shape)))) if len(act.shape) > 2 else act * grad
                layer.fisher = g_nk.pow(2).mean(0).mul(0.5)
            return hook

        layer.register_forward_hook(fwd)
        layer.dummy.register_full_backward_hook(bwd_factory(layer))
    F.cross_entropy(net(x), t).backward()
    return sum(torch.abs(layer.fisher).sum().item() for layer in layers)


if __name__ == "__main__":
    torch.set_default_dtype(torch.float32)
    x, t = batch()
    snip, grad_norm = snip_grad_norm(x, t)
    flops = 8 * 8 * 4 * 1 * 9 + 8 * 8 * (4 * 4 + 4 * 4 * 9 + 4 * 4) + 4 * 4 * (8 * 4 + 8 * 8 * 9 + 8 * 4) + 8 * 3
    for name, value in [("synflow", synflow()), ("jacob_cov", jacob_cov(x)), ("naswot", naswot(x)), ("snip", snip),
                        ("grad_norm", grad_norm), ("fisher", fisher(x, t)), ("flops", flops),
                        ("params", sum(p.numel() for p in build().parameters()))]:
        print(f"{name} {value!r}")
