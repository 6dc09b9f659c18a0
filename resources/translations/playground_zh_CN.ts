<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <source>Optimization Playground</source>
        <translation>优化游乐场</translation>
    </message>
    <message>
        <source>Optimization Playground

loading PyTorch…</source>
        <translation>优化游乐场

正在加载 PyTorch…</translation>
    </message>
    <message>
        <source>Cannot open session</source>
        <translation>无法打开会话</translation>
    </message>
    <message>
        <source>Cannot show {what}: {error}</source>
        <translation>无法显示 {what}：{error}</translation>
    </message>
    <message>
        <source>the recovered session</source>
        <translation>恢复的会话</translation>
    </message>
    <message>
        <source>The recovered session was kept in {path}.</source>
        <translation>恢复的会话已保存在 {path}。</translation>
    </message>
    <message>
        <source>Recover session?</source>
        <translation>恢复会话？</translation>
    </message>
    <message>
        <source>The app did not close normally last time. Recover the unsaved session?</source>
        <translation>上次程序没有正常关闭。要恢复未保存的会话吗？</translation>
    </message>
    <message>
        <source>The file was kept as {path}.</source>
        <translation>该文件已保留为 {path}。</translation>
    </message>
    <message>
        <source>Cannot recover</source>
        <translation>无法恢复</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>Add a run first (Edit ▸ Add run, or Compare optimizers).</source>
        <extracomment>the speed of a session that names none (lessons name the speed their effect is seen at): slow enough to watch the first launch&apos;s race (at &quot;fastest&quot; Rosenbrock&apos;s race is at step 360 after 2 s and the overshoots are never seen), fast enough that 10 s show 200 steps the lesson&apos;s decisive moments up to the step shown (ui.moments.Moment), to mark the lesson this session was until its setup changed (its text no longer describes it)</extracomment>
        <translation>请先添加一条运行（编辑 ▸ 添加运行，或比较优化器）。</translation>
    </message>
    <message>
        <source>Every run has diverged: press Reset.</source>
        <translation>所有运行都已发散：请按“重置”。</translation>
    </message>
    <message>
        <source>Run &apos;{name}&apos; diverged at step {step} (non-finite loss, gradient or position); the others go on.</source>
        <translation>运行“{name}”在第 {step} 步发散（损失、梯度或位置出现非有限值）；其他运行继续。</translation>
    </message>
    <message>
        <source>Training stopped by an error: {error}</source>
        <translation>训练因错误而停止：{error}</translation>
    </message>
    <message>
        <source>Add a run first.</source>
        <translation>请先添加一条运行。</translation>
    </message>
    <message>
        <source>The race could not be built.</source>
        <translation>无法建立这场比赛。</translation>
    </message>
    <message>
        <source>This run diverged: its weights are not finite.</source>
        <translation>这条运行已发散：它的权重不是有限值。</translation>
    </message>
    <message>
        <source>PCA directions need a path: train a few steps first.</source>
        <translation>PCA 方向需要一条路径：请先训练几步。</translation>
    </message>
    <message>
        <source>Start point set to ({x}, {y}).</source>
        <translation>起点已设为 ({x}, {y})。</translation>
    </message>
    <message>
        <source>Comparing SGD, momentum, Adagrad, RMSProp and Adam.</source>
        <translation>正在比较 SGD、动量、Adagrad、RMSProp 和 Adam。</translation>
    </message>
    <message>
        <source>Training restarted for the new network problem.</source>
        <translation>已针对新的网络问题重新开始训练。</translation>
    </message>
</context>
<context>
    <name>CriticalPanel</name>
    <message>
        <source>minimum</source>
        <translation>极小值</translation>
    </message>
    <message>
        <source>maximum</source>
        <translation>极大值</translation>
    </message>
    <message>
        <source>saddle</source>
        <translation>鞍点</translation>
    </message>
    <message>
        <source>degenerate</source>
        <translation>退化点</translation>
    </message>
    <message>
        <source>Find critical points</source>
        <translation>寻找临界点</translation>
    </message>
    <message>
        <source>Newton&apos;s method on the gradient from a 21×21 grid of starts inside the view: it finds minima, maxima and saddles alike</source>
        <translation>从视图内 21×21 个起点出发，对梯度用牛顿法：极小值、极大值和鞍点都能找到</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Zoom or pan the surface to the region you want, then Find.</source>
        <translation>把曲面缩放或平移到想看的区域，然后点“寻找”。</translation>
    </message>
    <message>
        <source>Searching x ∈ [{x0}, {x1}], y ∈ [{y0}, {y1}]…</source>
        <translation>正在搜索 x ∈ [{x0}, {x1}]，y ∈ [{y0}, {y1}]…</translation>
    </message>
    <message>
        <source>Could not search: {error}</source>
        <translation>无法搜索：{error}</translation>
    </message>
    <message>
        <source>Cancelled: the list is as it was.</source>
        <translation>已取消：列表保持原样。</translation>
    </message>
    <message>
        <source>{n} critical points in the view: {summary}. Degenerate points of a valley are samples along it.</source>
        <translation>视图中有 {n} 个临界点：{summary}。谷底上的退化点只是沿谷底取的样本。</translation>
    </message>
    <message>
        <source>No critical point in the view.</source>
        <translation>视图中没有临界点。</translation>
    </message>
    <message>
        <source>Another surface: Find again.</source>
        <translation>曲面已更换：请重新寻找。</translation>
    </message>
</context>
<context>
    <name>CurvatureDock</name>
    <message>
        <source>top </source>
        <translation>前 </translation>
    </message>
    <message>
        <source>How many of the largest eigenvalues to find (Lanczos)</source>
        <translation>要求出的最大特征值个数（Lanczos 方法）</translation>
    </message>
    <message>
        <source> probes</source>
        <translation> 个探针</translation>
    </message>
    <message>
        <source>Random ±1 vectors of the Hutchinson trace estimate: more probes, a smaller standard error</source>
        <translation>Hutchinson 迹估计所用的随机 ±1 向量：探针越多，标准误差越小</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>eigenvalue density (log)</source>
        <translation>特征值密度（对数）</translation>
    </message>
    <message>
        <source>eigenvalue λ</source>
        <translation>特征值 λ</translation>
    </message>
    <message>
        <source>loss along the top eigenvector</source>
        <translation>沿最大特征向量的损失</translation>
    </message>
    <message>
        <source>α (weights + α·v₁)</source>
        <translation>α（权重 + α·v₁）</translation>
    </message>
    <message>
        <source>Stochastic Lanczos quadrature, Gaussian-smoothed; ▼ marks the top eigenvalues</source>
        <translation>随机 Lanczos 求积，经高斯平滑；▼ 标出最大的几个特征值</translation>
    </message>
    <message>
        <source>White: the loss along the top eigenvector v₁ through the weights; dashed: the quadratic model L + λ_max·α²/2</source>
        <translation>白线：穿过当前权重、沿最大特征向量 v₁ 的损失；虚线：二次模型 L + λ_max·α²/2</translation>
    </message>
    <message>
        <source>Pick a run and a step (the timeline), then Compute: the Hessian of the full training loss there (BatchNorm in evaluation mode, dropout off).</source>
        <translation>选择一条运行和一个步数（时间轴），然后点“计算”：得到该处整个训练集损失的 Hessian 矩阵（批次标准化用评估模式，dropout 关闭）。</translation>
    </message>
    <message>
        <source>Computing the spectrum of {run} at step {step}…</source>
        <translation>正在计算 {run} 在第 {step} 步的谱…</translation>
    </message>
    <message>
        <source>The network or the run changed: Compute again.</source>
        <translation>网络或运行已改变：请重新计算。</translation>
    </message>
    <message>
        <source>Could not compute the spectrum: {error}</source>
        <translation>无法计算谱：{error}</translation>
    </message>
    <message>
        <source>Cancelled: nothing is shown. Compute starts again.</source>
        <translation>已取消：不显示结果。点“计算”重新开始。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{run}&lt;/b&gt; at step {step}: {n} parameters, {samples} samples, loss {loss}</source>
        <translation>&lt;b&gt;{run}&lt;/b&gt; 第 {step} 步：{n} 个参数，{samples} 个样本，损失 {loss}</translation>
    </message>
    <message>
        <source>top eigenvalues: {values}</source>
        <translation>最大特征值：{values}</translation>
    </message>
    <message>
        <source>trace {trace} ± {stderr} (Hutchinson, standard error)</source>
        <translation>迹 {trace} ± {stderr}（Hutchinson 估计，标准误差）</translation>
    </message>
    <message>
        <source>λ_min ≈ {low}; condition estimate λ_max/|λ_min| ≈ {kappa}</source>
        <translation>λ_min ≈ {low}；条件数估计 λ_max/|λ_min| ≈ {kappa}</translation>
    </message>
    <message>
        <source>gradient descent is stable while λ_max stays below {limit} (2/η at η = {lr}); here λ_max is {ratio} of it</source>
        <translation>只要 λ_max 低于 {limit}（η = {lr} 时的 2/η），梯度下降就是稳定的；此处 λ_max 是它的 {ratio} 倍</translation>
    </message>
    <message>
        <source>▼: the top eigenvalues. Dashed: the quadratic model L + λ_max·α²/2.</source>
        <translation>▼：最大的几个特征值。虚线：二次模型 L + λ_max·α²/2。</translation>
    </message>
</context>
<context>
    <name>CurvesView</name>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>learning rate η_t</source>
        <translation>学习率 η_t</translation>
    </message>
    <message>
        <source>gradient norm |g|</source>
        <translation>梯度范数 |g|</translation>
    </message>
    <message>
        <source>update norm |Δθ|</source>
        <translation>更新量范数 |Δθ|</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>test loss</source>
        <translation>测试损失</translation>
    </message>
    <message>
        <source>test accuracy (classes)</source>
        <translation>测试准确率（分类）</translation>
    </message>
    <message>
        <source>sharpness λ_max and its limit 2/η (dashed)</source>
        <translation>锐度 λ_max 及其界限 2/η（虚线）</translation>
    </message>
    <message>
        <source>off: set Data and loss ▸ sharpness to measure λ_max every N steps</source>
        <extracomment>a pane&apos;s dashed companion curve, drawn on the same axes in the run&apos;s colour what an empty pane says (the sharpness is measured only when asked for: it costs)</extracomment>
        <translation>未开启：在“数据与损失”▸“锐度”中设置每 N 步测量 λ_max</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>step {step}&lt;br&gt;</source>
        <translation>第 {step} 步&lt;br&gt;</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>Draw the test inputs from a shifted distribution (the mismatch lesson)</source>
        <translation>从偏移后的分布中抽取测试输入（mismatch 一课）</translation>
    </message>
    <message>
        <source>standardise features</source>
        <translation>特征标准化</translation>
    </message>
    <message>
        <source>ce: softmax cross-entropy (classes); mse: mean squared error</source>
        <translation>ce：softmax 交叉熵（分类）；mse：均方误差</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>every </source>
        <translation>每 </translation>
    </message>
    <message>
        <source> steps</source>
        <translation> 步</translation>
    </message>
    <message>
        <source>Measure each run&apos;s sharpness λ_max (the top Hessian eigenvalue of the full training loss; for Adam that of the preconditioned P⁻¹H) every N steps, drawn with its stability limit (2/η for SGD) in the curves. Each measurement costs about 10 to 40 full-batch gradients: every 10 steps about doubles the training time, every step makes it about 7 times longer.</source>
        <translation>每 N 步测量每条运行的锐度 λ_max（整个训练集损失的 Hessian 矩阵的最大特征值；Adam 则为预条件矩阵 P⁻¹H 的），在曲线中与它的稳定界限（SGD 为 2/η）一起画出。每次测量约花费 10 到 40 次全批次梯度：每 10 步测量一次，训练时间约变为 2 倍；每步都测量，约变为 7 倍。</translation>
    </message>
    <message>
        <source>Seed of the data and of the initial weights (shared by all runs)</source>
        <translation>数据和初始权重的随机种子（所有运行共用）</translation>
    </message>
    <message>
        <source>dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>test share</source>
        <translation>测试集比例</translation>
    </message>
    <message>
        <source>test shift</source>
        <translation>测试偏移</translation>
    </message>
    <message>
        <source>extra inputs</source>
        <translation>额外输入</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>L2 λ</source>
        <translation>L2 正则化 λ</translation>
    </message>
    <message>
        <source>early stopping</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>sharpness</source>
        <translation>锐度</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <source>Numeric columns with a header row; you pick the target column</source>
        <translation>带表头行的数值列；由你选择目标列</translation>
    </message>
    <message>
        <source>Import CSV</source>
        <translation>导入 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>{path}: cannot read a header row ({error})</source>
        <translation>{path}：无法读取表头行（{error}）</translation>
    </message>
    <message>
        <source>Target column</source>
        <translation>目标列</translation>
    </message>
    <message>
        <source>Which column should the network predict?</source>
        <translation>网络应该预测哪一列？</translation>
    </message>
</context>
<context>
    <name>Exporting</name>
    <message>
        <source>could not write {path}</source>
        <translation>无法写入 {path}</translation>
    </message>
    <message>
        <source>nothing to export yet: press Play first</source>
        <translation>还没有可导出的内容：请先按“播放”</translation>
    </message>
    <message>
        <source>{count} CSV files to {folder}</source>
        <translation>{count} 个 CSV 文件，保存到 {folder}</translation>
    </message>
    <message>
        <source>nothing to animate yet: press Play first</source>
        <translation>还没有可生成动画的内容：请先按“播放”</translation>
    </message>
    <message>
        <source>MP4 needs imageio-ffmpeg: pip install imageio imageio-ffmpeg</source>
        <translation>MP4 需要 imageio-ffmpeg：pip install imageio imageio-ffmpeg</translation>
    </message>
    <message>
        <source>{count} frames to {path}</source>
        <translation>{count} 帧，保存到 {path}</translation>
    </message>
</context>
<context>
    <name>FormulaDialog</name>
    <message>
        <source>numbers, x, y, pi, e, + − * / ^, sin cos exp log sqrt abs tanh sigmoid relu …</source>
        <translation>数字、x、y、pi、e、+ − * / ^、sin cos exp log sqrt abs tanh sigmoid relu …</translation>
    </message>
    <message>
        <source>Custom surface</source>
        <translation>自定义曲面</translation>
    </message>
</context>
<context>
    <name>InspectorPanel</name>
    <message>
        <source>term</source>
        <extracomment>families that draw a combining hat over a letter: DejaVu Sans (often the default) drops the hat of m̂ and v̂, so &quot;m̂ₜ&quot; read &quot;mₜ&quot; and two rows looked the same (issue 8, item 12) (point, Curvature) whenever the curvature shown changes (the surface draws its ellipse)</extracomment>
        <translation>项</translation>
    </message>
    <message>
        <source>meaning</source>
        <translation>含义</translation>
    </message>
    <message>
        <source>Curvature at this point (Hessian)</source>
        <translation>此处的曲率（Hessian 矩阵）</translation>
    </message>
    <message>
        <source>Restart from a step along the escape direction</source>
        <translation>沿逃离方向走一步后重新开始</translation>
    </message>
    <message>
        <source>At a saddle, the eigenvector of the negative eigenvalue points downhill: restart this run a little way along it.</source>
        <translation>在鞍点处，负特征值的特征向量指向下坡：沿它走一小段后重新开始这条运行。</translation>
    </message>
    <message>
        <source>No run selected</source>
        <translation>未选中运行</translation>
    </message>
    <message>
        <source>{run}: at the start — press Step (→) to see the first update</source>
        <translation>{run}：在起点——按“单步”（→）查看第一次更新</translation>
    </message>
    <message>
        <source>{run}, update {step}</source>
        <translation>{run}，第 {step} 次更新</translation>
    </message>
    <message>
        <source>cannot explain this step: {error}</source>
        <translation>无法解释这一步：{error}</translation>
    </message>
    <message>
        <source>{run} — {title}, update {step}</source>
        <translation>{run} — {title}，第 {step} 次更新</translation>
    </message>
    <message>
        <source>a local minimum (both eigenvalues &gt; 0)</source>
        <translation>局部最小值（两个特征值都 &gt; 0）</translation>
    </message>
    <message>
        <source>a local maximum (both eigenvalues &lt; 0)</source>
        <translation>局部最大值（两个特征值都 &lt; 0）</translation>
    </message>
    <message>
        <source>a SADDLE POINT: gradient 0, eigenvalues of both signs</source>
        <translation>鞍点：梯度为 0，特征值有正有负</translation>
    </message>
    <message>
        <source>flat in some direction (an eigenvalue is 0)</source>
        <translation>在某个方向上平坦（有一个特征值为 0）</translation>
    </message>
    <message>
        <source>not a critical point (the gradient is not 0)</source>
        <translation>不是临界点（梯度不为 0）</translation>
    </message>
    <message>
        <source>at ({x}, {y}):  λ = {l1}, {l2}</source>
        <translation>在 ({x}, {y})：  λ = {l1}, {l2}</translation>
    </message>
    <message>
        <source>condition number |λmax/λmin| = {k}</source>
        <translation>条件数 |λmax/λmin| = {k}</translation>
    </message>
    <message>
        <source>this is {kind}</source>
        <translation>这是{kind}</translation>
    </message>
    <message>
        <source>escape direction u = ({ux}, {uy}) (eigenvector of λ = {l})</source>
        <translation>逃离方向 u = ({ux}, {uy})（λ = {l} 的特征向量）</translation>
    </message>
</context>
<context>
    <name>LandscapePanel</name>
    <message>
        <source>2-D random</source>
        <translation>2D 随机方向</translation>
    </message>
    <message>
        <source>2-D PCA of the path</source>
        <translation>2D 路径主成分（PCA）</translation>
    </message>
    <message>
        <source>1-D random</source>
        <translation>1D 随机方向</translation>
    </message>
    <message>
        <source>Filter-normalised random directions (Li et al. 2018), or the top two principal components of the recorded weights</source>
        <translation>按滤波器归一化的随机方向（Li et al. 2018），或已记录权重的前两个主成分</translation>
    </message>
    <message>
        <source>grid </source>
        <translation>网格 </translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>α (direction 1)</source>
        <translation>α（方向 1）</translation>
    </message>
    <message>
        <source>β (direction 2)</source>
        <translation>β（方向 2）</translation>
    </message>
    <message>
        <source>Pause training, pick a run, then Compute.</source>
        <translation>暂停训练，选择一条运行，然后点击“计算”。</translation>
    </message>
    <message>
        <source>Computing a {mode} slice around {run} at step {step}…</source>
        <translation>正在计算 {run} 在第 {step} 步附近的 {mode} 切片…</translation>
    </message>
    <message>
        <source>Could not compute the slice: {error}</source>
        <translation>无法计算切片：{error}</translation>
    </message>
    <message>
        <source>Cancelled; the part computed so far is shown.</source>
        <translation>已取消；显示目前已计算的部分。</translation>
    </message>
    <message>
        <source>Slice done: loss from {lo} to {hi}; red: the training path projected onto the slice (it ends at the centre, the current weights).</source>
        <translation>切片完成：损失从 {lo} 到 {hi}；红色：投影到切片上的训练路径（终点在中心，即当前权重）。</translation>
    </message>
    <message>
        <source>Random directions are nearly orthogonal to the path, so its projection is short: the ring marks its start. The PCA slice spans the path itself.</source>
        <translation>随机方向几乎与路径正交，所以路径的投影很短：圆环标出它的起点。PCA 切片则正好张成路径所在的平面。</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>System ({language})</source>
        <extracomment>menu choices: setting value -&gt; label (the language names are not translated: a reader must find their own language whatever the interface shows)</extracomment>
        <translation>跟随系统（{language}）</translation>
    </message>
</context>
<context>
    <name>LessonDock</name>
    <message>
        <source>&lt;b&gt;Try this next:&lt;/b&gt; {text}</source>
        <translation>&lt;b&gt;下一步试试：&lt;/b&gt;{text}</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Setup changed: this is no longer the lesson “{title}” (Lessons menu: open it again).</source>
        <translation>设置已改变：这已不再是课程“{title}”（可从“课程”菜单重新打开）。</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;i&gt;Press Space to play.&lt;/i&gt;</source>
        <translation>&lt;br&gt;&lt;i&gt;按空格键开始播放。&lt;/i&gt;</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>custom formula…</source>
        <translation>自定义公式…</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Optimizer and schedule</source>
        <translation>优化器与调度</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Step inspector</source>
        <translation>单步检查器</translation>
    </message>
    <message>
        <source>3-D view</source>
        <translation>3D 视图</translation>
    </message>
    <message>
        <source>Critical points</source>
        <translation>临界点</translation>
    </message>
    <message>
        <source>Arrow: {label}</source>
        <translation>箭头：{label}</translation>
    </message>
    <message>
        <source>Custom surface formula…</source>
        <translation>自定义曲面公式…</translation>
    </message>
    <message>
        <source>Type f(x, y), e.g. x^2 + 10*y^2</source>
        <translation>输入 f(x, y)，例如 x^2 + 10*y^2</translation>
    </message>
    <message>
        <source>&amp;Surface</source>
        <translation>曲面(&amp;S)</translation>
    </message>
    <message>
        <source> surface </source>
        <translation> 曲面 </translation>
    </message>
    <message>
        <source>Press Reset (R) to choose new start points.</source>
        <translation>按“重置”（R）后再选择新的起点。</translation>
    </message>
    <message>
        <source>Surface not changed</source>
        <translation>曲面未更改</translation>
    </message>
</context>
<context>
    <name>Moments</name>
    <message>
        <source>escape</source>
        <translation>逃离</translation>
    </message>
    <message>
        <source>spike</source>
        <translation>骤升</translation>
    </message>
    <message>
        <source>burst</source>
        <translation>爆发</translation>
    </message>
    <message>
        <source>leaves the plateau</source>
        <translation>离开高原</translation>
    </message>
    <message>
        <source>over the bump</source>
        <translation>越过小山</translation>
    </message>
    <message>
        <source>overshoot</source>
        <translation>冲过头</translation>
    </message>
    <message>
        <source>{moment} (step {step})</source>
        <translation>{moment}（第 {step} 步）</translation>
    </message>
</context>
<context>
    <name>NetworkDiagram</name>
    <message>
        <source>layer {k}: unit {i} → unit {j}</source>
        <translation>第 {k} 层：单元 {i} → 单元 {j}</translation>
    </message>
    <message>
        <source>inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>({n} units)</source>
        <translation>（{n} 个单元）</translation>
    </message>
    <message>
        <source>width </source>
        <translation>宽度 </translation>
    </message>
    <message>
        <source>BatchNorm</source>
        <translation>BatchNorm（批次标准化）</translation>
    </message>
    <message>
        <source>dropout </source>
        <translation>dropout 丢弃率 </translation>
    </message>
    <message>
        <source>residual</source>
        <translation>残差连接</translation>
    </message>
    <message>
        <source>Add layer</source>
        <translation>添加层</translation>
    </message>
    <message>
        <source>Insert a copy of the selected layer after it</source>
        <translation>在选中层之后插入它的一个副本</translation>
    </message>
    <message>
        <source>Remove layer</source>
        <translation>删除层</translation>
    </message>
    <message>
        <source>layer {n}:</source>
        <translation>第 {n} 层：</translation>
    </message>
    <message>
        <source>no hidden layer: Add layer inserts one</source>
        <translation>没有隐藏层：“添加层”可插入一层</translation>
    </message>
</context>
<context>
    <name>NetworkWindow</name>
    <message>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Optimizer and schedule</source>
        <translation>优化器与调度</translation>
    </message>
    <message>
        <source>Data and loss</source>
        <translation>数据与损失</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Loss landscape</source>
        <translation>损失地形</translation>
    </message>
    <message>
        <source>Curvature</source>
        <translation>曲率</translation>
    </message>
    <message>
        <source>Restart training?</source>
        <translation>重新开始训练？</translation>
    </message>
    <message>
        <source>Changing the architecture builds a new network with new initial weights, so training starts again. Continue?</source>
        <translation>更改网络结构会用新的初始权重构建一个新网络，因此训练将重新开始。继续吗？</translation>
    </message>
    <message>
        <source>Architecture not changed</source>
        <translation>网络结构未更改</translation>
    </message>
    <message>
        <source>step {step} · epoch {epoch}</source>
        <translation>第 {step} 步 · 第 {epoch} 轮</translation>
    </message>
</context>
<context>
    <name>OptimizerPanel</name>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning-rate schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>scheduler</source>
        <translation>调度器</translation>
    </message>
    <message>
        <source>full set</source>
        <translation>整个训练集</translation>
    </message>
    <message>
        <source>Samples per step (0: the full training set); 1 is pure SGD</source>
        <translation>每一步的样本数（0：整个训练集）；1 即纯 SGD</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>批次大小</translation>
    </message>
    <message>
        <source>η_t over the first {n} steps (before training)</source>
        <translation>前 {n} 步的 η_t（训练前）</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>No run selected</source>
        <translation>未选中运行</translation>
    </message>
    <message>
        <source> — depends on the loss, flat until it stalls</source>
        <translation>——取决于损失，停滞之前保持不变</translation>
    </message>
    <message>
        <source>η_t over the first {n} steps{note}</source>
        <translation>前 {n} 步的 η_t{note}</translation>
    </message>
</context>
<context>
    <name>OutputView</name>
    <message>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>decision map: P(class 1)  ·  filled: train, rings: test</source>
        <translation>决策图：P(类别 1) · 实心：训练集，圆环：测试集</translation>
    </message>
    <message>
        <source>fit (white) and data</source>
        <translation>拟合（白色）与数据</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标值</translation>
    </message>
    <message>
        <source>prediction</source>
        <translation>预测值</translation>
    </message>
    <message>
        <source>test set: prediction against target</source>
        <translation>测试集：预测值对目标值</translation>
    </message>
</context>
<context>
    <name>PlaygroundWindow</name>
    <message>
        <source>step {step}</source>
        <extracomment>the views drawn every frame, by key (a dock&apos;s key when the view is in a dock)</extracomment>
        <translation>第 {step} 步</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>A new ready-made race</source>
        <translation>新建一场现成的比赛</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a session file</source>
        <translation>打开会话文件</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save under a new name</source>
        <translation>以新名称保存</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close every window (each asks to save unsaved work) and quit</source>
        <translation>关闭所有窗口（未保存的窗口会逐一询问是否保存）并退出</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play / pause training</source>
        <translation>播放 / 暂停训练</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>One training step</source>
        <translation>训练一步</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Back to the start points</source>
        <translation>回到起点</translation>
    </message>
    <message>
        <source>Add run</source>
        <translation>添加运行</translation>
    </message>
    <message>
        <source>Add an Adam run</source>
        <translation>添加一条 Adam 运行</translation>
    </message>
    <message>
        <source>Duplicate run</source>
        <translation>复制运行</translation>
    </message>
    <message>
        <source>Remove run</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>Compare optimizers</source>
        <translation>比较优化器</translation>
    </message>
    <message>
        <source>SGD, momentum, Adagrad, RMSProp and Adam with rates that suit this problem</source>
        <translation>SGD、动量、Adagrad、RMSProp 和 Adam，学习率适合当前问题</translation>
    </message>
    <message>
        <source>View as PNG…</source>
        <translation>视图导出为 PNG…</translation>
    </message>
    <message>
        <source>View as SVG…</source>
        <translation>视图导出为 SVG…</translation>
    </message>
    <message>
        <source>Histories as CSV…</source>
        <translation>历史记录导出为 CSV…</translation>
    </message>
    <message>
        <source>Animation as GIF…</source>
        <translation>动画导出为 GIF…</translation>
    </message>
    <message>
        <source>Animation as MP4…</source>
        <translation>动画导出为 MP4…</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Start page</source>
        <translation>起始页</translation>
    </message>
    <message>
        <source>The lessons as a gallery, and free play</source>
        <translation>以画廊形式列出所有课程，以及自由练习</translation>
    </message>
    <message>
        <source>Animation as MP4… (needs imageio-ffmpeg)</source>
        <translation>动画导出为 MP4…（需要 imageio-ffmpeg）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Playback</source>
        <translation>播放控制</translation>
    </message>
    <message>
        <source> speed </source>
        <translation> 速度 </translation>
    </message>
    <message>
        <source>From slow motion to as fast as the machine allows</source>
        <translation>从慢动作到机器允许的最快速度</translation>
    </message>
    <message>
        <source> step </source>
        <translation> 步 </translation>
    </message>
    <message>
        <source>Scrub back through the recorded history (nothing is recomputed)</source>
        <translation>在已记录的历史中来回拖动（不会重新计算）</translation>
    </message>
    <message>
        <source>{name}[*] — {app}</source>
        <translation>{name}[*] — {app}</translation>
    </message>
    <message>
        <source>Cannot show this session: {error}</source>
        <translation>无法显示此会话：{error}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>{run}: loss {loss}</source>
        <translation>{run}：损失 {loss}</translation>
    </message>
    <message>
        <source>{rate} steps/s</source>
        <translation>{rate} 步/秒</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <source>Folder for one CSV per run</source>
        <translation>文件夹（每条运行一个 CSV 文件）</translation>
    </message>
    <message>
        <source>GIF animation (*.gif)</source>
        <translation>GIF 动画 (*.gif)</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 视频 (*.mp4)</translation>
    </message>
    <message>
        <source>Export histories as CSV</source>
        <translation>将历史记录导出为 CSV</translation>
    </message>
    <message>
        <source>Export {kind}</source>
        <translation>导出 {kind}</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Exported {what}</source>
        <translation>已导出 {what}</translation>
    </message>
    <message>
        <source>About {app}</source>
        <translation>关于{app}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{app}&lt;/b&gt;&lt;p&gt;Watch optimizers and learning-rate schedules train on loss surfaces. Real torch.optim optimizers and lr_scheduler classes; every step can be inspected term by term.&lt;/p&gt;</source>
        <translation>&lt;b&gt;{app}&lt;/b&gt;&lt;p&gt;观察优化器和学习率调度在损失曲面上的训练过程。使用真正的 torch.optim 优化器和 lr_scheduler 类；每一步都可以逐项检查。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>play / pause</source>
        <translation>播放 / 暂停</translation>
    </message>
    <message>
        <source>one step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>reset to the start points</source>
        <translation>重置到起点</translation>
    </message>
    <message>
        <source>compare the classic optimizers</source>
        <translation>比较经典优化器</translation>
    </message>
    <message>
        <source>add a run</source>
        <translation>添加一条运行</translation>
    </message>
    <message>
        <source>duplicate the selected run</source>
        <translation>复制选中的运行</translation>
    </message>
    <message>
        <source>remove the selected run</source>
        <translation>删除选中的运行</translation>
    </message>
    <message>
        <source>open / save a session</source>
        <translation>打开 / 保存会话</translation>
    </message>
    <message>
        <source>click on the surface</source>
        <translation>点击曲面</translation>
    </message>
    <message>
        <source>set the selected run&apos;s start (before training)</source>
        <translation>设置选中运行的起点（训练前）</translation>
    </message>
    <message>
        <source>drag a start ring</source>
        <translation>拖动起点圆环</translation>
    </message>
    <message>
        <source>move that run&apos;s start (before training)</source>
        <translation>移动该运行的起点（训练前）</translation>
    </message>
    <message>
        <source>mouse wheel / drag</source>
        <translation>鼠标滚轮 / 拖动</translation>
    </message>
    <message>
        <source>zoom / pan the view</source>
        <translation>缩放 / 平移视图</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>DIVERGED</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>Tick to show, double-click to rename; select to edit its optimizer.</source>
        <translation>勾选以显示，双击以重命名；选中后可编辑其优化器。</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Add an Adam run</source>
        <translation>添加一条 Adam 运行</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the selected run</source>
        <translation>复制选中的运行</translation>
    </message>
    <message>
        <source>Colour…</source>
        <translation>颜色…</translation>
    </message>
    <message>
        <source>Pick the selected run&apos;s colour</source>
        <translation>选择选中运行的颜色</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove the selected run</source>
        <translation>删除选中的运行</translation>
    </message>
    <message>
        <source>Compare optimizers</source>
        <translation>比较优化器</translation>
    </message>
    <message>
        <source>Replace the runs by SGD, momentum, Adagrad, RMSProp and Adam, with learning rates that suit this problem</source>
        <translation>用 SGD、动量、Adagrad、RMSProp 和 Adam 替换当前运行，学习率适合当前问题</translation>
    </message>
    <message>
        <source>, warmup {steps}</source>
        <translation>，预热 {steps} 步</translation>
    </message>
    <message>
        <source>A run named {name} exists already.</source>
        <translation>已存在名为 {name} 的运行。</translation>
    </message>
    <message>
        <source>Run colour</source>
        <translation>运行颜色</translation>
    </message>
</context>
<context>
    <name>Schedulers</name>
    <message>
        <source>Constant</source>
        <translation>常数</translation>
    </message>
    <message>
        <source>Step decay</source>
        <translation>阶梯衰减</translation>
    </message>
    <message>
        <source>Step decay at milestones</source>
        <translation>在里程碑处阶梯衰减</translation>
    </message>
    <message>
        <source>Exponential decay</source>
        <translation>指数衰减</translation>
    </message>
    <message>
        <source>Cosine annealing</source>
        <translation>余弦退火</translation>
    </message>
    <message>
        <source>Cosine annealing with warm restarts</source>
        <translation>带热重启的余弦退火</translation>
    </message>
    <message>
        <source>One-cycle</source>
        <translation>单周期</translation>
    </message>
    <message>
        <source>Cyclic</source>
        <translation>循环</translation>
    </message>
    <message>
        <source>Linear ramp</source>
        <translation>线性变化</translation>
    </message>
    <message>
        <source>Polynomial decay</source>
        <translation>多项式衰减</translation>
    </message>
    <message>
        <source>Reduce on plateau</source>
        <translation>停滞时降低</translation>
    </message>
    <message>
        <source>no scheduler: η stays at lr</source>
        <translation>没有调度器：η 保持为 lr</translation>
    </message>
    <message>
        <source>{where}  (in files and the CLI: {name})</source>
        <translation>{where}  （文件和命令行中写作：{name}）</translation>
    </message>
</context>
<context>
    <name>SessionFiles</name>
    <message>
        <source>Optimization Playground</source>
        <translation>优化游乐场</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Save changes to “{name}”?</source>
        <translation>保存对“{name}”的更改吗？</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>Sessions (*.json);;All files (*)</source>
        <translation>会话 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot open session</source>
        <translation>无法打开会话</translation>
    </message>
    <message>
        <source>Opened {path}</source>
        <translation>已打开 {path}</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>Sessions (*.json)</source>
        <translation>会话 (*.json)</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Autosave failed: {error}</source>
        <translation>自动保存失败：{error}</translation>
    </message>
</context>
<context>
    <name>Speeds</name>
    <message>
        <source>2 steps/s</source>
        <translation>2 步/秒</translation>
    </message>
    <message>
        <source>5 steps/s</source>
        <translation>5 步/秒</translation>
    </message>
    <message>
        <source>20 steps/s</source>
        <translation>20 步/秒</translation>
    </message>
    <message>
        <source>100 steps/s</source>
        <translation>100 步/秒</translation>
    </message>
    <message>
        <source>1,000 steps/s</source>
        <translation>1,000 步/秒</translation>
    </message>
    <message>
        <source>fastest</source>
        <translation>最快</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>Free play: surfaces</source>
        <extracomment>the free-play tiles: kind -&gt; (title, one line), translated where shown; the thumbnail of kind K is free-play-K.png</extracomment>
        <translation>自由练习：曲面</translation>
    </message>
    <message>
        <source>Race optimizers on any surface, or type your own formula.</source>
        <translation>在任意曲面上让优化器赛跑，或输入你自己的公式。</translation>
    </message>
    <message>
        <source>Free play: build a network</source>
        <translation>自由练习：搭建网络</translation>
    </message>
    <message>
        <source>Click a network together and train it on a toy dataset.</source>
        <translation>点几下搭出一个网络，在小数据集上训练它。</translation>
    </message>
    <message>
        <source>Start page</source>
        <translation>起始页</translation>
    </message>
    <message>
        <source>&lt;b&gt;Optimization Playground&lt;/b&gt; — pick a lesson, press Space and watch; or play freely.</source>
        <translation>&lt;b&gt;优化游乐场&lt;/b&gt;——选一课，按空格键观看；或者自由练习。</translation>
    </message>
    <message>
        <source>This page is always in Help ▸ Start page.</source>
        <translation>随时可以从“帮助 ▸ 起始页”打开本页。</translation>
    </message>
</context>
<context>
    <name>Surface3DView</name>
    <message>
        <source>the &apos;{platform}&apos; Qt platform has no OpenGL</source>
        <translation>Qt 平台“{platform}”没有 OpenGL</translation>
    </message>
    <message>
        <source>PyOpenGL is not usable ({error})</source>
        <translation>PyOpenGL 无法使用（{error}）</translation>
    </message>
    <message>
        <source>no OpenGL context could be created</source>
        <translation>无法创建 OpenGL 上下文</translation>
    </message>
    <message>
        <source>The 3-D view needs OpenGL: {problem}.
The 2-D view shows the same scene.</source>
        <translation>3D 视图需要 OpenGL：{problem}。
2D 视图显示的是同一场景。</translation>
    </message>
</context>
<context>
    <name>SurfaceView</name>
    <message>
        <source>−gradient (white)</source>
        <translation>−梯度（白色）</translation>
    </message>
    <message>
        <source>momentum (dashed)</source>
        <translation>动量（虚线）</translation>
    </message>
    <message>
        <source>update (thick)</source>
        <translation>实际更新（粗线）</translation>
    </message>
    <message>
        <source>log₁₀(loss − min)</source>
        <translation>log₁₀(损失 − 最小值)</translation>
    </message>
    <message>
        <source>arrows: {arrows}</source>
        <translation>箭头：{arrows}</translation>
    </message>
    <message>
        <source>length ∝ log₁₀|v|: full at |∇f| = {g}, |Δθ| = {u}</source>
        <translation>长度 ∝ log₁₀|v|：|∇f| = {g}、|Δθ| = {u} 时为全长</translation>
    </message>
    <message>
        <source>¼ shorter per decade below, none below 10⁻⁴ of it</source>
        <translation>每低一个数量级短 ¼，低于其 10⁻⁴ 时不画</translation>
    </message>
</context>
</TS>
