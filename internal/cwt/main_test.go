package cwt
import ("context";"fmt";"os";"path/filepath";"testing";"time";"signpost/internal/build";"signpost/internal/serve")
func BenchmarkBody(bb *testing.B){
  dir:=os.Getenv("DIR")
  b:=build.NewBuilder(build.Config{Src:dir,Dev:true,DevScript:serve.ReloadScript,NoWASM:true,SearchLater:true})
  if _,err:=b.Build(context.Background());err!=nil{bb.Fatal(err)}
  file:="content/section-050/page-05000.md"
  orig,_:=os.ReadFile(filepath.Join(dir,file)); defer os.WriteFile(filepath.Join(dir,file),orig,0o644)
  bb.ResetTimer()
  var tot time.Duration
  for i:=0;i<bb.N;i++{
    os.WriteFile(filepath.Join(dir,file),[]byte(string(orig)+fmt.Sprintf("\nEdited %d.\n",i)),0o644)
    res,err:=b.Update(context.Background(),[]string{file}); if err!=nil{bb.Fatal(err)}
    tot+=res.Duration
    if i==bb.N-1 { bb.Logf("%v rendered %d: %s", res.Duration, len(res.Stats.Rendered), res.Stats) }
  }
}
