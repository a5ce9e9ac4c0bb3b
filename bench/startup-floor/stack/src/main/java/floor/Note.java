package floor;

import io.quarkus.hibernate.reactive.panache.PanacheEntity;
import jakarta.persistence.Entity;

/** The one entity, so that Hibernate Reactive starts its persistence unit. */
@Entity
public class Note extends PanacheEntity {
  public String text;
}
