package floor;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** One endpoint: the least a Quarkus REST application starts with. */
@Path("/hello")
public class Hello {
  @GET
  public String hello() {
    return "hello";
  }
}
