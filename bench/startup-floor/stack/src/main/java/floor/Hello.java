package floor;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** One page from a template and one database read: enough for every extension to start its part. */
@Path("/hello")
public class Hello {
  private final Template hello;

  public Hello(Template hello) {
    this.hello = hello;
  }

  @GET
  public TemplateInstance page() {
    return hello.data("name", "floor");
  }

  @GET
  @Path("/notes")
  public Uni<Long> notes() {
    return Note.count();
  }
}
